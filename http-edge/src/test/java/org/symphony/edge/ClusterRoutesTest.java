package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.symphony.edge.ProblemAssertions.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Membership changes need an operator token and a reason; participants and supervisors change nothing. */
class ClusterRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static ActorTestKit testKit;
  private EdgeHarness edge;
  private String operator;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("ClusterRoutesTest");
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void startEdge() throws Exception {
    edge = EdgeHarness.start(testKit.system());
    operator = edge.token(EdgeHarness.OPERATOR_CLIENT);
  }

  @AfterEach
  void stopEdge() throws Exception {
    edge.close();
  }

  private static String path(String address, String action) {
    return "/admin/cluster/members/" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/" + action;
  }

  private HttpRequest post(String path, String token, String body) {
    HttpRequest.Builder b = edge.request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return b.build();
  }

  @Test
  void leaveAndDownNeedAnOperatorToken() throws Exception {
    String participant = edge.token(EdgeHarness.PARTICIPANT_CLIENT);
    for (String action : new String[] {"leave", "down"}) {
      assertProblem(edge.send(post(path(FakeClusterAdmin.OTHER, action), null, "{\"reason\":\"x\"}")), 401, "TOKEN_MISSING");
      assertProblem(edge.send(post(path(FakeClusterAdmin.OTHER, action), participant, "{\"reason\":\"x\"}")), 403, "FORBIDDEN_ROLE");
    }
    assertProblem(edge.send(edge.get("/admin/cluster/members", participant)), 403, "FORBIDDEN_ROLE");
    assertTrue(edge.cluster.changes.isEmpty(), "nothing changed");
  }

  @Test
  void anOperatorDownsAnUnreachableMemberWithAReasonAndItIsRecorded() throws Exception {
    HttpResponse<String> response = edge.send(post(path(FakeClusterAdmin.OTHER, "down"), operator, "{\"reason\":\"host lost\"}"));
    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = JSON.readTree(response.body());
    assertEquals(FakeClusterAdmin.OTHER, body.path("address").asText());
    assertEquals("down", body.path("action").asText());
    assertEquals("ops-alice", body.path("requestedBy").asText());
    assertEquals(new FakeClusterAdmin.Change("down", FakeClusterAdmin.OTHER, "ops-alice", "host lost"), edge.cluster.changes.get(0));

    // host:port names the same member
    assertEquals(200, edge.send(post(path("127.0.0.1:25521", "leave"), operator, "{\"reason\":\"drain\"}")).statusCode());
    assertEquals("leave", edge.cluster.changes.get(1).action());
  }

  @Test
  void aChangeWithoutReasonOrToAnUnknownMemberIsRefused() throws Exception {
    assertProblem(edge.send(post(path(FakeClusterAdmin.OTHER, "leave"), operator, "{}")), 400, "FIELD_MISSING");
    assertProblem(edge.send(post(path("not an address", "leave"), operator, "{\"reason\":\"x\"}")), 400, "FIELD_INVALID");
    assertProblem(edge.send(post(path("10.9.9.9:1", "down"), operator, "{\"reason\":\"x\"}")), 404, "MEMBER_NOT_FOUND");
    assertTrue(edge.cluster.changes.isEmpty());
  }

  @Test
  void anOperatorListsTheMembers() throws Exception {
    HttpResponse<String> response = edge.send(edge.get("/admin/cluster/members", operator));
    assertEquals(200, response.statusCode(), response.body());
    JsonNode members = JSON.readTree(response.body()).path("members");
    assertEquals(2, members.size());
    assertEquals(false, members.get(1).path("reachable").asBoolean());
  }
}
