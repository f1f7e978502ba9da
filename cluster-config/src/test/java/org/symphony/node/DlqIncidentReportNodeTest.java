package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident report of a dead-lettered instruction holds the full evidence chain, and each element is what the
 * database holds: the attestation row and its chain position and hashes, the sequence id, every journaled event in
 * order, each rail attempt under the instruction's rail key with the rail's answer. Two operators then confirm
 * the failure (a dead-letter cannot be turned into a success: its reservation was released).
 */
class DlqIncidentReportNodeTest {

  @TempDir Path home;

  @Test
  void theReportOfADeadLetterHoldsTheEvidenceChainTheDatabaseHolds() throws Exception {
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home)
        .withOverride("symphony.engine.instruction.max-dispatch-attempts", 2)
        .withOverride("symphony.engine.instruction.rail-call-timeout", "1s")
        .withOverride("symphony.engine.instruction.retry-max-backoff", "500ms")
        .withOverride("symphony.audit.reconciliation.interval", "1s"))) {
      var edge = new EdgeClient(node.edgeUrl());
      var api = new SupervisionClient(node);
      var http = HttpClient.newHttpClient();
      String sim = node.mtnSimulatorUrl().orElseThrow();
      // The rail's intake is down (new transfers answer 500, nothing executed) while its status API answers.
      setFaults(http, sim, "{\"intakeFailureRate\": 1.0}");
      var participant = node.credentials().participants().get(0);
      String token = edge.token(participant);
      String id;
      try {
        var r = edge.submit(token, "dead-letter-1", EdgeClient.body("9.00", "+260961234567", "DLQ")).get();
        assertEquals(202, r.statusCode(), r.body());
        id = EdgeClient.JSON.readTree(r.body()).path("instructionId").asText();
        Await.until(Duration.ofSeconds(60), () -> "DLQ".equals(edge.get(token, id).path("failureCode").asText()),
            () -> "not dead-lettered: " + edge.get(token, id));
      } finally {
        setFaults(http, sim, "{\"intakeFailureRate\": 0.0}");
      }
      String supervisor = api.supervisorToken();
      String[] reference = new String[1];
      Await.until(Duration.ofSeconds(30), () -> {
        var list = api.getJson(supervisor, "/supervisor/incidents?kind=DLQ&participant=" + participant.subject()).path("incidents");
        if (list.size() == 0) return false;
        reference[0] = list.get(0).path("id").asText();
        return true;
      }, () -> "no DLQ incident");
      Await.until(Duration.ofSeconds(30), () -> "FAILED".equals(rowText(node, "select status from instruction_status where instruction_id = '" + id + "'")),
          () -> "read model not FAILED yet");
      JsonNode report = api.getJson(supervisor, "/supervisor/incidents/" + reference[0]);
      JsonNode evidence = report.path("evidence");
      assertEquals("DLQ", report.path("kind").asText());
      assertEquals(participant.subject(), report.path("participantId").asText());
      assertFalse(report.path("failureMode").asText().isBlank());
      assertFalse(report.path("supervisorAction").asText().isBlank());

      // The attestation: the row that created the instruction, with its chain position and hashes.
      String attestationId = rowText(node, "select attestation_id from instruction_status where instruction_id = '" + id + "'");
      JsonNode a = evidence.path("attestation");
      assertEquals(attestationId, a.path("attestationId").asText());
      try (var c = node.database().dataSource().getConnection(); var s = c.createStatement();
          ResultSet row = s.executeQuery("select node_id, node_seq, hash, prev_hash, request_id, idempotency_key, body_sha256, outcome"
              + " from ingress_attestation where attestation_id = '" + attestationId + "'")) {
        assertTrue(row.next());
        assertEquals(row.getString(1), a.path("nodeId").asText());
        assertEquals(row.getLong(2), a.path("nodeSeq").asLong());
        assertEquals(row.getString(3), a.path("hash").asText());
        assertEquals(row.getString(4), a.path("prevHash").asText());
        assertEquals(row.getString(5), a.path("requestId").asText());
        assertEquals("dead-letter-1", a.path("idempotencyKey").asText());
        assertEquals(row.getString(7), a.path("bodySha256").asText());
        assertEquals("FORWARDED", a.path("outcome").asText());
      }
      // The sequence id and the instruction as the read model holds them.
      assertEquals(Long.parseLong(rowText(node, "select sequence_id from instruction_status where instruction_id = '" + id + "'")),
          evidence.path("sequenceId").asLong());
      String railKey = rowText(node, "select rail_key from instruction_status where instruction_id = '" + id + "'");
      assertEquals(railKey, evidence.path("instruction").path("railKey").asText());
      assertEquals("DLQ", evidence.path("instruction").path("code").asText());

      // Every journaled event, in order, and nothing else.
      List<Long> journal = new ArrayList<>();
      try (var c = node.database().dataSource().getConnection(); var s = c.createStatement();
          ResultSet rows = s.executeQuery("select sequence_number from event_journal where persistence_id = 'Instruction|" + id
              + "' order by sequence_number")) {
        while (rows.next()) journal.add(rows.getLong(1));
      }
      List<Long> reported = new ArrayList<>();
      evidence.path("events").forEach(e -> reported.add(e.path("seqNr").asLong()));
      assertEquals(journal, reported);
      assertEquals("Accepted", evidence.path("events").get(0).path("type").asText());
      assertEquals("Failed", evidence.path("events").get(reported.size() - 1).path("type").asText());

      // Two attempts under the one rail key, each with the rail's answer.
      JsonNode attempts = evidence.path("railAttempts");
      assertEquals(2, attempts.size(), attempts.toString());
      for (JsonNode t : attempts) {
        assertEquals(railKey, t.path("railKey").asText());
        assertEquals("mtn-momo", t.path("railId").asText());
        assertFalse(t.path("answer").asText().isBlank(), t.toString());
      }
      assertTrue(attempts.get(1).path("answer").asText().contains("DLQ"), attempts.toString());

      // The same report as Markdown, for people.
      var md = api.get(supervisor, "/supervisor/incidents/" + reference[0], "text/markdown");
      assertEquals(200, md.statusCode());
      assertTrue(md.headers().firstValue("Content-Type").orElse("").startsWith("text/markdown"));
      assertTrue(md.body().contains("# Incident report " + reference[0]) && md.body().contains(a.path("hash").asText())
          && md.body().contains(railKey), md.body());
      var cli = SupervisionClient.run("incident-report", reference[0], "--home", home.toString());
      assertEquals(0, cli.exit(), cli.out());
      assertTrue(cli.out().contains("# Incident report " + reference[0]), cli.out());

      // Two operators confirm the failure; a success is not allowed for a dead-letter.
      String alice = api.operatorToken(0);
      String bob = api.operatorToken(1);
      FourEyesNodeTest.assertProblem(api.post(alice, "/admin/interventions/" + reference[0] + "/proposal",
          "{\"resolution\": \"SUCCEEDED\", \"reason\": \"x\", \"evidence\": \"y\"}"), 409, "NOT_RESOLVABLE");
      assertEquals(201, api.post(alice, "/admin/interventions/" + reference[0] + "/proposal",
          "{\"resolution\": \"FAILED\", \"reason\": \"MTN confirms the transfer never arrived\"}").statusCode());
      var approved = api.post(bob, "/admin/interventions/" + reference[0] + "/approval", "{}");
      assertEquals(200, approved.statusCode(), approved.body());
      assertEquals("FAILED", EdgeClient.JSON.readTree(approved.body()).path("instructionStatus").asText());
      assertEquals("MANUAL_RESOLVED", api.getJson(supervisor, "/supervisor/incidents/" + reference[0]).path("status").asText());
    }
  }

  private static String rowText(SymphonyNode node, String sql) throws Exception {
    try (var c = node.database().dataSource().getConnection(); var s = c.createStatement(); var r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }

  private static void setFaults(HttpClient http, String sim, String json) throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create(sim + "/sim/admin/faults")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }
}
