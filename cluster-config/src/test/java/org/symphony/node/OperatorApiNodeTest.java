package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.participant.ParticipantCommand;
import org.symphony.engine.participant.ParticipantEntity;

/**
 * The kill-switch and limits on the real node, end to end: an operator suspends over HTTP; the
 * participant's old token is refused at once (401 TOKEN_POLICY_STALE); a fresh token's instruction is
 * REJECTED PARTICIPANT_SUSPENDED and still numbered (INV-SEQ); a command sent to the ParticipantEntity
 * directly, bypassing the edge, is refused the same way; limits set over HTTP refuse what exceeds them.
 */
class OperatorApiNodeTest {

  @TempDir static Path home;
  private static SymphonyNode node;
  private static EdgeClient edge;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    node = SymphonyNode.start(TestNodes.options(home));
    edge = new EdgeClient(node.edgeUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  @Test
  void suspendedParticipantIsStoppedAtTheEdgeAndAtTheSequencerAndResumes() throws Exception {
    DevCredentials.Client p = node.credentials().participants().get(0);
    String operator = edge.token(node.credentials().operator());
    String oldToken = edge.token(p);
    assertEquals(202, edge.submit(oldToken, "ks-1", EdgeClient.body("5.00", "+260961234567", "K")).get().statusCode());

    JsonNode suspended = send("POST", "/admin/participants/" + p.subject() + "/suspend", operator, "{\"reason\":\"kill-switch drill\"}", 200);
    assertEquals("SUSPENDED", suspended.path("status").asText());
    long pv = suspended.path("policyVersion").asLong();

    // Replicated through Distributed Data even on one node: the old token is refused within seconds.
    Await.until(Duration.ofSeconds(10), () -> edge.submit(oldToken, "ks-2", EdgeClient.body("5.00", "+260961234567", "K")).get().statusCode() == 401,
        () -> "old token refused");
    var stale = edge.submit(oldToken, "ks-2", EdgeClient.body("5.00", "+260961234567", "K")).get();
    assertEquals("TOKEN_POLICY_STALE", EdgeClient.JSON.readTree(stale.body()).path("code").asText());

    String freshToken = edge.token(p);
    var rejected = edge.submit(freshToken, "ks-3", EdgeClient.body("5.00", "+260961234567", "K")).get();
    assertEquals(422, rejected.statusCode(), rejected.body());
    JsonNode problem = EdgeClient.JSON.readTree(rejected.body());
    assertEquals("PARTICIPANT_SUSPENDED", problem.path("code").asText());
    long rejectedSeq = problem.path("sequenceId").asLong();
    assertTrue(rejectedSeq > 1, "the refusal still takes its number (INV-SEQ)");

    // Defence in depth: straight to the sequencer, no edge, no token — still refused.
    var direct = ClusterSharding.get(node.system())
        .entityRefFor(ParticipantEntity.ENTITY_KEY, p.subject())
        .<ParticipantCommand.SequenceReply>ask(r -> new ParticipantCommand.Sequence("bypass-1", new Money(100, Currency.ZMW), r), Duration.ofSeconds(10))
        .toCompletableFuture().get();
    var refused = assertInstanceOf(ParticipantCommand.SequenceReply.Refused.class, direct);
    assertEquals("PARTICIPANT_SUSPENDED", refused.code());
    assertEquals(rejectedSeq + 1, refused.sequenceId());

    JsonNode resumed = send("POST", "/admin/participants/" + p.subject() + "/resume", operator, "{\"reason\":\"drill over\"}", 200);
    assertEquals(pv + 1, resumed.path("policyVersion").asLong());
    String afterResume = edge.token(p);
    assertEquals(202, edge.submit(afterResume, "ks-4", EdgeClient.body("5.00", "+260961234567", "K")).get().statusCode());

    JsonNode actions = send("GET", "/admin/participants/" + p.subject() + "/actions", operator, null, 200).path("actions");
    assertEquals("REINSTATED", actions.get(0).path("action").asText());
    assertEquals("SUSPENDED", actions.get(1).path("action").asText());
    assertEquals("operator", actions.get(1).path("by").asText());
    assertEquals("ACTIVE", actions.get(1).path("before").path("status").asText());
    assertEquals("SUSPENDED", actions.get(1).path("after").path("status").asText());
  }

  @Test
  void limitsSetOverHttpRefuseWhatExceedsThemHereAndInADirectCommand() throws Exception {
    DevCredentials.Client p = node.credentials().participants().get(1);
    String operator = edge.token(node.credentials().operator());
    send("PUT", "/admin/participants/" + p.subject() + "/limits", operator,
        "{\"reason\":\"cohort caps\",\"limits\":{\"ZMW\":{\"maxSingle\":\"100.00\",\"hourlyCap\":\"150.00\"}}}", 200);
    String token = edge.token(p);

    assertEquals(202, edge.submit(token, "lim-1", EdgeClient.body("100.00", "+260961234567", "L")).get().statusCode(), "at the single cap");
    var overSingle = edge.submit(token, "lim-2", EdgeClient.body("100.01", "+260961234567", "L")).get();
    assertEquals("LIMIT_SINGLE", EdgeClient.JSON.readTree(overSingle.body()).path("code").asText(), overSingle.body());
    assertEquals(202, edge.submit(token, "lim-3", EdgeClient.body("50.00", "+260961234567", "L")).get().statusCode(), "hourly total at 150.00");
    var overHourly = edge.submit(token, "lim-4", EdgeClient.body("0.01", "+260961234567", "L")).get();
    assertEquals("LIMIT_HOURLY", EdgeClient.JSON.readTree(overHourly.body()).path("code").asText(), overHourly.body());

    var direct = ClusterSharding.get(node.system())
        .entityRefFor(ParticipantEntity.ENTITY_KEY, p.subject())
        .<ParticipantCommand.SequenceReply>ask(r -> new ParticipantCommand.Sequence("bypass-2", new Money(1, Currency.ZMW), r), Duration.ofSeconds(10))
        .toCompletableFuture().get();
    assertEquals("LIMIT_HOURLY", assertInstanceOf(ParticipantCommand.SequenceReply.Refused.class, direct).code());

    JsonNode view = send("GET", "/admin/participants/" + p.subject(), operator, null, 200);
    assertEquals("150.00", view.path("positions").path("ZMW").path("hourlyUsage").asText());
    assertEquals(403, http.send(request("GET", "/admin/participants/" + p.subject(), token, null), HttpResponse.BodyHandlers.ofString()).statusCode(),
        "a participant token on /admin");
  }

  private static JsonNode send(String method, String path, String token, String body, int expected) throws Exception {
    var response = http.send(request(method, path, token, body), HttpResponse.BodyHandlers.ofString());
    assertEquals(expected, response.statusCode(), response.body());
    return EdgeClient.JSON.readTree(response.body());
  }

  private static HttpRequest request(String method, String path, String token, String body) {
    return HttpRequest.newBuilder(URI.create(node.edgeUrl() + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
