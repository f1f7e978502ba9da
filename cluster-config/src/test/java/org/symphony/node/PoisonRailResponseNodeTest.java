package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;
import org.symphony.engine.instruction.InstructionId;
import org.symphony.engine.rail.RailKey;

/**
 * Failure injection "poison_rail_response": the MTN simulator answers one instruction's transfer with a poison (200
 * where 202 is due, a body that is not JSON) on every attempt and executes nothing. The instruction is dead-lettered
 * after the bounded attempts (FAILED DLQ + a DLQ incident), its entity does not loop (no rail call after the
 * dead-letter), nothing is executed under its rail key (INV-ONCE), and the other instructions keep succeeding.
 */
class PoisonRailResponseNodeTest {

  private static final int MAX_ATTEMPTS = 5;
  private static final String POISON_MSISDN = "+260961230666";
  private static final int OTHERS_BEFORE = 10;
  private static final int OTHERS_AFTER = 5;

  @TempDir Path home;

  @Test
  void aPoisonReplyOnEveryAttemptEndsInTheDlqWhileTheOtherInstructionsSucceed() throws Exception {
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home)
            .withOverride("symphony.engine.instruction.max-dispatch-attempts", MAX_ATTEMPTS)
            // Short enough to keep the dead-letter's confirming look (twice this) quick, long enough for a loaded machine:
            // a healthy call timing out counts against the rail's circuit breaker and would slow everyone down.
            .withOverride("symphony.engine.instruction.rail-call-timeout", "3s")
            .withOverride("symphony.engine.instruction.retry-max-backoff", "500ms"));
        EvidenceResult evidence = EvidenceResult.start(EvidenceSection.FAILURE_INJECTION, "poison_rail_response", getClass())) {
      var edge = new EdgeClient(node.edgeUrl());
      var api = new SupervisionClient(node);
      var http = HttpClient.newHttpClient();
      String sim = node.mtnSimulatorUrl().orElseThrow();
      var participant = node.credentials().participants().get(0);
      String token = edge.token(participant);
      String poisonId = InstructionId.derive(participant.subject(), "poison-1");
      String poisonKey = RailKey.forInstruction(poisonId).value();

      setFaults(http, sim, "{\"poisonPayee\": \"" + POISON_MSISDN.substring(1) + "\"}");
      List<String> others = new ArrayList<>();
      long dlqAt;
      long started = System.nanoTime();
      double dlqSeconds;
      try {
        List<CompletableFuture<HttpResponse<String>>> submitted = new ArrayList<>();
        submitted.add(edge.submit(token, "poison-1", EdgeClient.body("9.00", POISON_MSISDN, "POISON")));
        for (int i = 0; i < OTHERS_BEFORE; i++)
          submitted.add(edge.submit(token, "healthy-" + i, EdgeClient.body("2.00", String.format("+26096123%04d", 1001 + i), "H-" + i)));
        for (var s : submitted) {
          var r = s.get();
          assertEquals(202, r.statusCode(), r.body());
          String id = EdgeClient.JSON.readTree(r.body()).path("instructionId").asText();
          if (!id.equals(poisonId)) others.add(id);
        }
        Await.until(Duration.ofSeconds(60), () -> "DLQ".equals(edge.get(token, poisonId).path("failureCode").asText()),
            () -> "not dead-lettered: " + edge.get(token, poisonId) + ", rail: " + strike(http, sim, poisonKey));
        dlqSeconds = (System.nanoTime() - started) / 1e9;
        dlqAt = strike(http, sim, poisonKey).path("poisonReplies").asLong();

        // The rail keeps poisoning that payee; the service carries on for everyone else.
        for (int i = 0; i < OTHERS_AFTER; i++) {
          var r = edge.submit(token, "after-" + i, EdgeClient.body("3.00", String.format("+26096124%04d", 1001 + i), "A-" + i)).get();
          assertEquals(202, r.statusCode(), r.body());
          others.add(EdgeClient.JSON.readTree(r.body()).path("instructionId").asText());
        }
        Await.until(Duration.ofSeconds(60), () -> succeeded(edge, token, others) == others.size(),
            () -> succeeded(edge, token, others) + " of " + others.size() + " other instructions SUCCEEDED");
      } finally {
        setFaults(http, sim, "{\"poisonPayee\": \"\"}");
      }

      String supervisor = api.supervisorToken();
      List<JsonNode> dlq = new ArrayList<>();
      Await.until(Duration.ofSeconds(30), () -> {
        dlq.clear();
        for (JsonNode i : api.getJson(supervisor, "/supervisor/incidents?kind=DLQ&participant=" + participant.subject()).path("incidents"))
          if (poisonId.equals(i.path("instructionId").asText())) dlq.add(i);
        return !dlq.isEmpty();
      }, () -> "no DLQ incident for " + poisonId);
      JsonNode view = edge.get(token, poisonId);
      JsonNode rail = strike(http, sim, poisonKey);
      long attempts = dispatchAttempts(node, poisonId);
      long railCalls = rail.path("poisonReplies").asLong();
      long othersSucceeded = succeeded(edge, token, others);
      evidence.measured("attempts", attempts)
          .measured("max_attempts", MAX_ATTEMPTS)
          .measured("poison_replies", railCalls)
          .measured("rail_calls_after_dlq", railCalls - dlqAt)
          .measured("seconds_to_dlq", dlqSeconds)
          .measured("dlq_incidents", dlq.size())
          .measured("dlq_incident", dlq.get(0).path("id").asText())
          .measured("final_status", view.path("status").asText())
          .measured("rail_executions", rail.path("executions").asLong())
          .measured("others_submitted", others.size())
          .measured("others_succeeded", othersSucceeded)
          .measured("journal_events", journalEvents(node, poisonId))
          .check("dead_lettered", "FAILED".equals(view.path("status").asText()) && "DLQ".equals(view.path("failureCode").asText()))
          .check("attempts_bounded", attempts == MAX_ATTEMPTS && railCalls == MAX_ATTEMPTS)
          .check("no_crash_loop", railCalls == dlqAt)
          .check("INV_ONCE", rail.path("executions").asLong() == 0)
          .check("others_succeeded", othersSucceeded == others.size());
      assertEquals("FAILED", view.path("status").asText(), view.toString());
      assertEquals(1, dlq.size(), "one DLQ incident: " + dlq);
      assertEquals(MAX_ATTEMPTS, attempts, "dispatch attempts journaled");
      assertEquals(MAX_ATTEMPTS, railCalls, "poisoned calls the rail answered: " + rail);
      assertEquals(dlqAt, railCalls, "no rail call after the dead-letter");
      assertEquals(0, rail.path("executions").asLong(), "nothing executed under the poisoned rail key");
      assertEquals(others.size(), othersSucceeded);
      evidence.pass();
    }
  }

  private static long succeeded(EdgeClient edge, String token, List<String> ids) throws Exception {
    long n = 0;
    for (String id : ids) if ("SUCCEEDED".equals(edge.get(token, id).path("status").asText())) n++;
    return n;
  }

  private static long dispatchAttempts(SymphonyNode node, String instructionId) throws Exception {
    return count(node, "select count(*) from event_journal where persistence_id = ? and event_ser_manifest like '%DispatchStarted'", instructionId);
  }

  private static long journalEvents(SymphonyNode node, String instructionId) throws Exception {
    return count(node, "select count(*) from event_journal where persistence_id = ?", instructionId);
  }

  private static long count(SymphonyNode node, String sql, String instructionId) throws Exception {
    try (var c = node.database().dataSource().getConnection(); var q = c.prepareStatement(sql)) {
      q.setString(1, "Instruction|" + instructionId);
      try (var r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static JsonNode strike(HttpClient http, String sim, String railKey) throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create(sim + "/sim/strikes/" + railKey)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return EdgeClient.JSON.readTree(r.body());
  }

  private static void setFaults(HttpClient http, String sim, String json) throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create(sim + "/sim/admin/faults")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }
}
