package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * P12 finding 7: the attestation records the status the client received, for every reply kind of
 * POST /v1/instructions. A forwarded request's status is its attestation_outcome.http_status; a request refused
 * at the edge carries its status on its own ingress_attestation row.
 */
class RecordedStatusNodeTest {

  @TempDir static Path home;
  private static SymphonyNode node;
  private static EdgeClient edge;
  private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    // The rail's answer is held back below (latency fault); the adapter waits for it rather than timing out.
    node = SymphonyNode.start(TestNodes.options(home).withOverride("symphony.rails.mtn.call-timeout", "60s"));
    edge = new EdgeClient(node.edgeUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  @Test
  void newAcceptedIs202AndRecorded202() throws Exception {
    String token = edge.token(node.credentials().participants().get(0));
    assertRecordedAsSent(submit(token, "rs-new", body("1.00", "N"), "application/json"), 202);
  }

  @Test
  void replayOfAnInstructionInProgressIs202AndRecorded202() throws Exception {
    String token = edge.token(node.credentials().participants().get(0));
    railLatency(120_000); // the rail holds its answer: the instruction stays in progress
    try {
      assertRecordedAsSent(submit(token, "rs-progress", body("2.00", "P"), "application/json"), 202);
      assertRecordedAsSent(submit(token, "rs-progress", body("2.00", "P"), "application/json"), 202);
    } finally {
      railLatency(0);
    }
  }

  @Test
  void replayOfATerminalInstructionIs200AndRecorded200() throws Exception {
    String token = edge.token(node.credentials().participants().get(0));
    Sent first = submit(token, "rs-final", body("3.00", "F"), "application/json");
    String id = EdgeClient.JSON.readTree(first.response.body()).path("instructionId").asText();
    Await.until(Duration.ofSeconds(60), () -> "SUCCEEDED".equals(edge.get(token, id).path("status").asText()),
        () -> "instruction " + id + " is " + edge.get(token, id).path("status").asText());
    assertRecordedAsSent(submit(token, "rs-final", body("3.00", "F"), "application/json"), 200);
  }

  @Test
  void idempotencyKeyReusedWithAnotherBodyIsRecordedAsSent() throws Exception {
    String token = edge.token(node.credentials().participants().get(0));
    assertRecordedAsSent(submit(token, "rs-reused", body("4.00", "K"), "application/json"), 202);
    assertRecordedAsSent(submit(token, "rs-reused", body("4.01", "K"), "application/json"), 422);
  }

  @Test
  void validationRefusalsAreRecordedAsSent() throws Exception {
    String token = edge.token(node.credentials().participants().get(0));
    assertRecordedAsSent(submit(token, "rs-broken", "{broken", "application/json"), 400);
    assertRecordedAsSent(submit(token, "rs-amount", body("-1.00", "A"), "application/json"), 400);
    assertRecordedAsSent(submit(token, "rs-media", body("1.00", "M"), "text/plain"), 415);
    assertRecordedAsSent(submit(token, null, body("1.00", "M"), "application/json"), 400);
  }

  @Test
  void aRoleThatMayNotSubmitIsRecordedAsSent() throws Exception {
    String operator = edge.token(node.credentials().operator());
    assertRecordedAsSent(submit(operator, "rs-role", body("1.00", "R"), "application/json"), 403);
  }

  @Test
  void limitAndKillSwitchRefusalsOfTheEngineAreRecordedAsSent() throws Exception {
    DevCredentials.Client p = node.credentials().participants().get(1);
    String operator = edge.token(node.credentials().operator());
    admin("PUT", "/admin/participants/" + p.subject() + "/limits", operator,
        "{\"reason\":\"cap\",\"limits\":{\"ZMW\":{\"maxSingle\":\"10.00\",\"hourlyCap\":\"1000.00\"}}}");
    String token = edge.token(p);
    assertRecordedAsSent(submit(token, "rs-limit", body("10.01", "L"), "application/json"), 422);

    admin("POST", "/admin/participants/" + p.subject() + "/suspend", operator, "{\"reason\":\"drill\"}");
    Await.until(Duration.ofSeconds(10), () -> submit(token, "rs-stale-probe-" + UUID.randomUUID(), body("1.00", "S"),
        "application/json").response.statusCode() == 401, () -> "the old token is refused after the suspension");
    assertRecordedAsSent(submit(edge.token(p), "rs-suspended", body("1.00", "S"), "application/json"), 422);
  }

  private record Sent(String requestId, HttpResponse<String> response) {}

  private static Sent submit(String token, String key, String body, String contentType) throws Exception {
    String requestId = "rs-" + UUID.randomUUID();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.edgeUrl() + "/v1/instructions"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", contentType)
        .header("X-Request-Id", requestId)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) request.header("Idempotency-Key", key);
    return new Sent(requestId, http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
  }

  /** The client saw {@code expected}, and the chain recorded that same status for this request. */
  private static void assertRecordedAsSent(Sent sent, int expected) throws Exception {
    assertEquals(expected, sent.response.statusCode(), sent.response.body());
    Await.until(Duration.ofSeconds(30), () -> recordedStatus(sent.requestId) != null,
        () -> "no recorded status for request " + sent.requestId);
    assertEquals(sent.response.statusCode(), recordedStatus(sent.requestId),
        "recorded status of request " + sent.requestId + " (" + sent.response.body() + ")");
  }

  /** The outcome's status for a forwarded request (once recorded), the row's own for a refused one. */
  private static Integer recordedStatus(String requestId) throws Exception {
    try (Connection c = node.database().dataSource().getConnection();
        PreparedStatement q = c.prepareStatement("select a.outcome, a.http_status, o.http_status from ingress_attestation a"
            + " left join attestation_outcome o on o.attestation_id = a.attestation_id where a.request_id = ?")) {
      q.setString(1, requestId);
      try (ResultSet r = q.executeQuery()) {
        if (!r.next()) return null;
        int status = r.getInt("FORWARDED".equals(r.getString(1)) ? 3 : 2);
        return r.wasNull() ? null : status;
      }
    }
  }

  private static String body(String amount, String reference) {
    return EdgeClient.body(amount, "+260961234567", reference);
  }

  private static void railLatency(int millis) throws Exception {
    var response = http.send(HttpRequest.newBuilder(URI.create(node.mtnSimulatorUrl().orElseThrow() + "/sim/admin/faults"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"latencyMs\": " + millis + "}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
  }

  private static void admin(String method, String path, String token, String body) throws Exception {
    var response = http.send(HttpRequest.newBuilder(URI.create(node.edgeUrl() + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
  }
}
