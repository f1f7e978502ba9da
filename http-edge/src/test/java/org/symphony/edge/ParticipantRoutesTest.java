package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.*;
import static org.symphony.edge.ProblemAssertions.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.audit.readmodel.LedgerBalance;

/**
 * The operator API: only operator tokens (participants get 403 on every /admin operation), a reason on
 * every change, the operator's identity and before/after in the audit trail, clear refusals.
 */
class ParticipantRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String P = "/admin/participants/" + EdgeHarness.PARTICIPANT;
  private static ActorTestKit testKit;
  private EdgeHarness edge;
  private String operator;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("ParticipantRoutesTest");
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

  @Test
  void aParticipantTokenGets403OnEveryAdminOperation() throws Exception {
    String participant = edge.token(EdgeHarness.PARTICIPANT_CLIENT);
    for (HttpRequest r : List.of(
        edge.get(P, participant),
        post(P + "/suspend", participant, "{\"reason\":\"x\"}"),
        post(P + "/resume", participant, "{\"reason\":\"x\"}"),
        put(P + "/limits", participant, "{\"reason\":\"x\",\"limits\":{}}"),
        edge.get(P + "/actions", participant),
        edge.get("/admin/ledger", participant),
        post("/admin/read-model/rebuild", participant, "{}"))) {
      assertProblem(edge.send(r), 403, "FORBIDDEN_ROLE");
    }
    assertTrue(edge.participants.recorded.isEmpty(), "nothing changed");
    assertEquals(0, edge.ledgerReads.rebuilds.get());
  }

  @Test
  void suspendAndResumeRaiseThePolicyVersionAndAreRecordedWithWhoWhyBeforeAndAfter() throws Exception {
    JsonNode suspended = ok(edge.send(post(P + "/suspend", operator, "{\"reason\":\"exceeded exposure\"}")));
    assertEquals("SUSPENDED", suspended.path("status").asText());
    assertEquals(2, suspended.path("policyVersion").asLong());
    // A repeat changes nothing: no new version, nothing recorded.
    assertEquals(2, ok(edge.send(post(P + "/suspend", operator, "{\"reason\":\"again\"}"))).path("policyVersion").asLong());
    JsonNode resumed = ok(edge.send(post(P + "/resume", operator, "{\"reason\":\"cleared by supervisor\"}")));
    assertEquals("ACTIVE", resumed.path("status").asText());
    assertEquals(3, resumed.path("policyVersion").asLong());

    JsonNode actions = ok(edge.send(edge.get(P + "/actions", operator))).path("actions");
    assertEquals(2, actions.size());
    JsonNode first = actions.get(1); // newest first
    assertEquals("SUSPENDED", first.path("action").asText());
    assertEquals("ops-alice", first.path("by").asText(), "the operator is the token's subject, never a header");
    assertEquals("exceeded exposure", first.path("reason").asText());
    assertEquals("ACTIVE", first.path("before").path("status").asText());
    assertEquals(1, first.path("before").path("policyVersion").asLong());
    assertEquals("SUSPENDED", first.path("after").path("status").asText());
    assertEquals(2, first.path("after").path("policyVersion").asLong());
    assertEquals("REINSTATED", actions.get(0).path("action").asText());
  }

  @Test
  void limitsAreReplacedAndShownWithBeforeAndAfter() throws Exception {
    String body = "{\"reason\":\"sandbox cohort 2\",\"limits\":{\"ZMW\":{\"maxSingle\":\"5000.00\",\"hourlyCap\":\"20000.00\","
        + "\"dailyCap\":\"100000.00\",\"netDebitCap\":\"250000.00\"}}}";
    JsonNode view = ok(edge.send(put(P + "/limits", operator, body)));
    assertEquals("5000.00", view.path("limits").path("ZMW").path("maxSingle").asText());
    assertEquals("250000.00", view.path("limits").path("ZMW").path("netDebitCap").asText());
    assertEquals(2, view.path("policyVersion").asLong());
    JsonNode action = ok(edge.send(edge.get(P + "/actions", operator))).path("actions").get(0);
    assertEquals("LIMITS_CHANGED", action.path("action").asText());
    assertTrue(action.path("before").path("limits").isEmpty());
    assertEquals("20000.00", action.path("after").path("limits").path("ZMW").path("hourlyCap").asText());
  }

  @Test
  void badOperatorInputGetsItsOwnCodeAndChangesNothing() throws Exception {
    assertProblem(edge.send(post(P + "/suspend", operator, "{}")), 400, "FIELD_MISSING");
    assertProblem(edge.send(post(P + "/suspend", operator, "not json")), 400, "MALFORMED_JSON");
    assertProblem(edge.send(post("/admin/participants/nobody/suspend", operator, "{\"reason\":\"typo\"}")), 404, "PARTICIPANT_NOT_FOUND");
    assertProblem(edge.send(edge.get("/admin/participants/bad%20id", operator)), 400, "FIELD_INVALID");
    HttpResponse<String> invalid = edge.send(put(P + "/limits", operator,
        "{\"reason\":\"r\",\"limits\":{\"ZMW\":{\"maxSingle\":\"-5.00\",\"weeklyCap\":\"1.00\"},\"XXX\":{}}}"));
    assertProblem(invalid, 422, "LIMITS_INVALID");
    assertEquals(3, JSON.readTree(invalid.body()).path("problems").size(), invalid.body());
    assertProblem(edge.send(put(P + "/limits", operator, "{\"reason\":\"r\"}")), 400, "FIELD_MISSING");
    assertProblem(edge.send(edge.get(P + "/actions?limit=0", operator)), 400, "FIELD_INVALID");
    assertTrue(edge.participants.recorded.isEmpty());
  }

  @Test
  void ledgerBalancesAndRebuild() throws Exception {
    edge.ledgerReads.balances.add(new LedgerBalance("participant:" + EdgeHarness.PARTICIPANT + ":settlement", "ZMW", 15_000, 3));
    edge.ledgerReads.balances.add(new LedgerBalance("rail:mtn-momo:clearing", "ZMW", -15_000, 3));
    JsonNode all = ok(edge.send(edge.get("/admin/ledger", operator)));
    assertEquals(2, all.path("accounts").size());
    assertEquals("-150.00", all.path("accounts").get(1).path("balance").asText());
    JsonNode rails = ok(edge.send(edge.get("/admin/ledger?account=rail:", operator)));
    assertEquals(1, rails.path("accounts").size());
    assertEquals(202, edge.send(post("/admin/read-model/rebuild", operator, "")).statusCode());
    assertEquals(1, edge.ledgerReads.rebuilds.get());
  }

  private HttpRequest post(String path, String token, String body) {
    return edge.request(path).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private HttpRequest put(String path, String token, String body) {
    return edge.request(path).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static JsonNode ok(HttpResponse<String> response) throws Exception {
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }
}
