package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;
import org.symphony.engine.instruction.InstructionId;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.participant.ParticipantCommand;
import org.symphony.engine.participant.ParticipantCommand.SequenceReply;
import org.symphony.engine.participant.ParticipantEntity;

/**
 * The reconciliation worker on a real node and PostgreSQL 18 (INV-GAP, INV-SEQ, INV-TERMINAL): a blackholed request
 * becomes a GHOST (participant CRITICAL_GAP_DETECTED, gap-report exit 1 naming it) and is AUTO_FIXED by the
 * participant's retry; a sequence hole is detected and closed as VOID; a zombie is woken by a status query. Each
 * scenario uses its own participant, so each reads only its own part of the report; MTTR and the worker's
 * counters are scraped from the node's Prometheus endpoint.
 */
class ReconciliationNodeTest {

  @TempDir static Path home;
  private static SymphonyNode node;
  private static SupervisionClient api;

  @BeforeAll
  static void start() throws Exception {
    node = SymphonyNode.start(TestNodes.options(home)
        .withBlackhole(requestId -> requestId.startsWith("lost-"))
        .withOverride("symphony.audit.gap.grace", "1s")
        .withOverride("symphony.audit.reconciliation.interval", "1s")
        .withOverride("symphony.audit.reconciliation.retry-window", "3s")
        .withOverride("symphony.audit.reconciliation.zombie-after", "3s")
        .withOverride("symphony.engine.participant.void-unaccepted-after", "3s")
        .withOverride("symphony.audit.reconciliation.hole-nudge-interval", "2s")
        // MTN instructions never poll by themselves (and MTN sends no callbacks here): only the worker can wake them.
        .withOverride("symphony.engine.instruction.poll-initial", "10m")
        .withOverride("symphony.engine.instruction.poll-max", "10m")
        .withOverride("kamon.metric.tick-interval", "1s"));
    api = new SupervisionClient(node);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  /** Failure injection "blackhole" (INV-GAP): the seed's plan asks that the gap shows while the ghost is open, then closes. */
  @Test
  void aBlackholedRequestBecomesAGhostAndARetryAccountsForIt() throws Exception {
    try (EvidenceResult evidence = EvidenceResult.start(EvidenceSection.FAILURE_INJECTION, "blackhole", getClass())) {
      blackholedRequestBecomesAGhost(evidence);
      evidence.pass();
    }
  }

  private void blackholedRequestBecomesAGhost(EvidenceResult evidence) throws Exception {
    var participant = node.credentials().participants().get(0);
    String token = new EdgeClient(node.edgeUrl()).token(participant);
    String supervisor = api.supervisorToken();
    String body = EdgeClient.body("7.00", "+260771234567", "GHOST");

    var lost = api.submit(token, "ghost-1", body, "lost-ghost-1");
    evidence.measured("dropped_after_attestation", 1).measured("dropped_answer_status", lost.statusCode());
    assertEquals(503, lost.statusCode(), "the blackhole swallowed it after attestation");

    Await.until(Duration.ofSeconds(60), () -> "CRITICAL_GAP_DETECTED".equals(api.overviewRow(supervisor, participant.subject()).path("status").asText()),
        () -> "participant not CRITICAL_GAP_DETECTED: " + api.overviewRow(supervisor, participant.subject()));
    Await.until(Duration.ofSeconds(60), () -> openGhosts(supervisor, participant.subject()) == 1, () -> "no GHOST incident");
    JsonNode ghost = api.getJson(supervisor, "/supervisor/incidents?kind=GHOST_RECOVERY&participant=" + participant.subject()).path("incidents").get(0);
    assertEquals("OPEN", ghost.path("status").asText());
    assertTrue(ghost.path("id").asText().matches("INC-\\d{8}-\\d{3,}"), ghost.toString());
    assertEquals(InstructionId.derive(participant.subject(), "ghost-1"), ghost.path("instructionId").asText());
    long ghosts = api.getJson(supervisor, "/supervisor/incidents?kind=GHOST_RECOVERY&participant=" + participant.subject()).path("incidents").size();
    evidence.measured("ghosts_detected", ghosts)
        .measured("ghost_incident", ghost.path("id").asText())
        .measured("detection_seconds", secondsBetween(receivedAt(ghost.path("attestationId").asText()), Instant.parse(ghost.path("detectedAt").asText())));

    // The node's own grace and zombie bound come from its dev.json: the command line gives the node's answer.
    var cli = SupervisionClient.run("gap-report", "--json", "--home", home.toString(), "--participant", participant.subject());
    assertEquals(1, cli.exit(), cli.out());
    JsonNode row = cli.json().path("participants").get(0);
    assertEquals(participant.subject(), row.path("participantId").asText());
    assertEquals("CRITICAL_GAP_DETECTED", row.path("status").asText());
    assertEquals(1, row.path("openGhosts").asLong());
    long gapWhileOpen = gap(row);
    evidence.measured("gap_while_open", gapWhileOpen).check("gap_detected_while_open", gapWhileOpen > 0);
    JsonNode http = api.getJson(supervisor, "/supervisor/gaps?participant=" + participant.subject());
    assertEquals(cli.json().path("participants"), http.path("participants"), "gap-report and GET /supervisor/gaps agree");

    // The participant retries with the same key (a new request id): the instruction now exists, the ghost is accounted.
    var retry = api.submit(token, "ghost-1", body, "retry-ghost-1");
    assertEquals(202, retry.statusCode(), retry.body());
    // Operators may run a cycle on demand (it runs every interval anyway).
    var onDemand = api.post(api.operatorToken(0), "/admin/reconciliation/run", "");
    assertEquals(200, onDemand.statusCode(), onDemand.body());
    assertTrue(EdgeClient.JSON.readTree(onDemand.body()).has("accountedByRetry"), onDemand.body());
    String reference = ghost.path("id").asText();
    Await.until(Duration.ofSeconds(60), () -> "AUTO_FIXED".equals(incident(supervisor, reference).path("status").asText()),
        () -> "ghost not AUTO_FIXED: " + incident(supervisor, reference));
    Await.until(Duration.ofSeconds(60), () -> "HEALTHY".equals(api.overviewRow(supervisor, participant.subject()).path("status").asText()),
        () -> "participant not HEALTHY again: " + api.overviewRow(supervisor, participant.subject()));
    JsonNode report = incident(supervisor, reference);
    assertNotNull(report.path("mttrSeconds").numberValue(), "MTTR recorded: " + report);
    JsonNode repair = null;
    for (JsonNode k : api.getJson(supervisor, "/supervisor/overview").path("incidentRepair"))
      if ("GHOST_RECOVERY".equals(k.path("kind").asText())) repair = k;
    assertNotNull(repair, "MTTR per kind in the overview");
    assertTrue(repair.path("resolved").asLong() >= 1 && repair.path("mttrSeconds").isNumber(), repair.toString());
    assertTrue(report.path("actions").toString().contains("ACCOUNTED_BY_RETRY"), report.toString());

    var after = SupervisionClient.run("gap-report", "--json", "--home", home.toString(), "--grace", "1s", "--zombie-after", "3s",
        "--participant", participant.subject());
    JsonNode clean = after.json().path("participants").get(0);
    evidence.measured("reconciled_by_retry", clean.path("accountedByRetry").asLong())
        .measured("open_ghosts_after", clean.path("openGhosts").asLong())
        .measured("gap_after", gap(clean))
        .measured("mttr_seconds", report.path("mttrSeconds").asDouble())
        .check("INV_GAP", gap(clean) == 0)
        .check("ghost_auto_fixed", "AUTO_FIXED".equals(report.path("status").asText()));
    assertEquals(1, clean.path("accountedByRetry").asLong(), after.out());
    assertEquals(0, clean.path("unreconciled").asLong());
    assertEquals(0, clean.path("openGhosts").asLong());

    Await.until(Duration.ofSeconds(30), () -> {
      String s = SupervisionClient.scrape(node.metricsUrl().orElseThrow());
      return MetricsNodeTest.value(s, "symphony_reconciled_total", "kind=\"ACCOUNTED_BY_RETRY\"").orElse(0) >= 1
          && MetricsNodeTest.value(s, "symphony_reconciled_total", "kind=\"GHOST\"").orElse(0) >= 1
          && MetricsNodeTest.value(s, "symphony_incident_mttr_seconds_count", "kind=\"GHOST_RECOVERY\"").orElse(0) >= 1
          && MetricsNodeTest.value(s, "symphony_ghosts_open", "").isPresent()
          && MetricsNodeTest.value(s, "symphony_incidents_open", "kind=\"GHOST_RECOVERY\"").isPresent();
    }, () -> "reconciliation metrics not scraped");
  }

  @Test
  void aSequenceHoleIsDetectedAndClosedAsVoid() throws Exception {
    var participant = node.credentials().participants().get(1);
    String token = new EdgeClient(node.edgeUrl()).token(participant);
    String supervisor = api.supervisorToken();
    // A number handed out to an instruction that never records its acceptance (a crash between the two).
    String neverAccepted = InstructionId.derive(participant.subject(), "numbered-then-lost");
    SequenceReply numbered = ClusterSharding.get(node.system())
        .entityRefFor(ParticipantEntity.ENTITY_KEY, participant.subject())
        .<SequenceReply>ask(r -> new ParticipantCommand.Sequence(neverAccepted, new Money(500, Currency.ZMW), r), Duration.ofSeconds(10))
        .toCompletableFuture().get();
    var after = new EdgeClient(node.edgeUrl()).submit(token, "after-the-hole", EdgeClient.body("3.00", "+260771234568", "H")).get();
    assertEquals(202, after.statusCode(), after.body());
    long hole = ((SequenceReply.WithNumber) numbered).sequenceId();

    Await.until(Duration.ofSeconds(60), () -> sequenceGap(supervisor, participant.subject()) != null,
        () -> "no SEQUENCE_GAP incident for " + hole);
    JsonNode gap = sequenceGap(supervisor, participant.subject());
    assertEquals(hole, gap.path("sequenceId").asLong());
    Await.until(Duration.ofSeconds(60), () -> "AUTO_FIXED".equals(incident(supervisor, gap.path("id").asText()).path("status").asText()),
        () -> "hole not closed: " + incident(supervisor, gap.path("id").asText()));
    JsonNode report = incident(supervisor, gap.path("id").asText());
    assertTrue(report.path("actions").toString().contains("SEQUENCE_VOID"), report.toString());
    assertTrue(report.path("mttrSeconds").asLong() >= 0);
    try (var c = node.database().dataSource().getConnection();
        var q = c.prepareStatement("select instruction_id from reconciliation_record where kind = 'SEQUENCE_VOID' and participant_id = ? and sequence_id = ?")) {
      q.setString(1, participant.subject());
      q.setLong(2, hole);
      try (var r = q.executeQuery()) {
        assertTrue(r.next(), "the VOID is recorded");
        assertEquals(neverAccepted, r.getString(1));
      }
    }
    Await.until(Duration.ofSeconds(30), () -> api.overviewRow(supervisor, participant.subject()).path("sequenceHoles").isEmpty()
            && "HEALTHY".equals(api.overviewRow(supervisor, participant.subject()).path("status").asText()),
        () -> "still a hole: " + api.overviewRow(supervisor, participant.subject()));
  }

  @Test
  void aZombieIsWokenByAStatusQueryAndRepaired() throws Exception {
    var participant = node.credentials().participants().get(2);
    var edge = new EdgeClient(node.edgeUrl());
    String token = edge.token(participant);
    String supervisor = api.supervisorToken();
    var submitted = edge.submit(token, "zombie-1", EdgeClient.body("4.00", "+260961234567", "Z")).get();
    assertEquals(202, submitted.statusCode(), submitted.body());
    String id = EdgeClient.JSON.readTree(submitted.body()).path("instructionId").asText();

    Await.until(Duration.ofSeconds(60), () -> stuck(supervisor, participant.subject()) != null, () -> "no STUCK_IN_FLIGHT incident");
    JsonNode incident = stuck(supervisor, participant.subject());
    assertEquals(id, incident.path("instructionId").asText());
    Await.until(Duration.ofSeconds(60), () -> "SUCCEEDED".equals(edge.get(token, id).path("status").asText()),
        () -> "the zombie was not woken: " + edge.get(token, id));
    Await.until(Duration.ofSeconds(60), () -> "AUTO_FIXED".equals(incident(supervisor, incident.path("id").asText()).path("status").asText()),
        () -> "zombie incident not AUTO_FIXED");
    assertTrue(incident(supervisor, incident.path("id").asText()).path("mttrSeconds").isNumber());
    Await.until(Duration.ofSeconds(30), () -> {
      String s = SupervisionClient.scrape(node.metricsUrl().orElseThrow());
      return MetricsNodeTest.value(s, "symphony_zombies_repaired_total", "").orElse(0) >= 1
          && MetricsNodeTest.value(s, "symphony_incident_mttr_seconds_count", "kind=\"STUCK_IN_FLIGHT\"").orElse(0) >= 1;
    }, () -> "zombie metrics not scraped");
  }

  /** A participant's attestation gap in a gap-report row: forwarded, past the grace, not accounted (open ghosts included). */
  private static long gap(JsonNode row) {
    return row.path("unreconciled").asLong() + row.path("openGhosts").asLong();
  }

  private static Instant receivedAt(String attestationId) throws Exception {
    try (var c = node.database().dataSource().getConnection();
        var q = c.prepareStatement("select received_at from ingress_attestation where attestation_id = ?::uuid")) {
      q.setString(1, attestationId);
      try (var r = q.executeQuery()) {
        assertTrue(r.next(), "the ghost's attestation " + attestationId + " is in the chain");
        return r.getObject(1, java.time.OffsetDateTime.class).toInstant();
      }
    }
  }

  private static double secondsBetween(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private static long openGhosts(String supervisor, String participantId) throws Exception {
    return api.overviewRow(supervisor, participantId).path("openGhosts").asLong();
  }

  private static JsonNode incident(String supervisor, String reference) throws Exception {
    return api.getJson(supervisor, "/supervisor/incidents/" + reference);
  }

  private static JsonNode sequenceGap(String supervisor, String participantId) throws Exception {
    var list = api.getJson(supervisor, "/supervisor/incidents?kind=SEQUENCE_GAP&participant=" + participantId).path("incidents");
    return list.size() == 0 ? null : list.get(0);
  }

  private static JsonNode stuck(String supervisor, String participantId) throws Exception {
    var list = api.getJson(supervisor, "/supervisor/incidents?kind=STUCK_IN_FLIGHT&participant=" + participantId).path("incidents");
    return list.size() == 0 ? null : list.get(0);
  }
}
