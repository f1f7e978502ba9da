package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.evidence.EvidenceDirectory;
import org.symphony.audit.evidence.EvidenceSchema;
import org.symphony.audit.supervision.GapWindow;

/**
 * The CI gate (P14 build item 4, acceptance 1): runs last in {@code mvn -B verify}, after every module whose tests write
 * evidence. A fresh node runs the standard scenario (1,000 instructions, 3 participants, standard faults); the evidence
 * bundle is built over it and over every failure-injection case and drill of this build, with every required case
 * demanded; it must validate, have attestation gap 0 and pass every INV-* check — otherwise the build fails — and its
 * figures must match an independent count in the database. The bundle stays in the reactor's target/evidence/bundle.json.
 */
class EvidenceGateTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path home;

  @Test
  void theStandardScenariosBundlePassesTheGateAndMatchesTheDatabase() throws Exception {
    Path evidence = EvidenceDirectory.configured().orElse(ROOT.resolve("target/evidence"));
    Path bundleFile = evidence.resolve("bundle.json");
    // The gate judges the invariants once the node's own repairs have had their bounds: a sequence number handed out
    // for a request whose acceptance timed out is voided after void-unaccepted-after (5 min in production, 10 s here).
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home)
        .withOverride("symphony.engine.participant.void-unaccepted-after", "10s")
        .withOverride("symphony.engine.participant.sweep-interval", "2s")
        // Signed often enough that the bundle's last signed checkpoint covers the scenario's last attestation.
        .withOverride("symphony.audit.checkpoints.every", "5s"))) {
      CommandRun scenario = CommandRun.of("scenario", "standard", "--instructions", "1000", "--participants", "3", "--faults", "standard",
          "--seed", "14", "--home", home.toString());
      assertEquals(0, scenario.exit(), scenario.out() + scenario.err());
      JsonNode run = JSON.readTree(evidence.resolve("scenarios/standard.json").toFile());
      JsonNode measured = run.get("measured");
      assertEquals("pass", run.get("status").asText(), run.get("checks").toString());
      assertEquals(1000, measured.get("instructions").asLong());

      DatabaseLocation db = DatabaseLocation.resolve(null, null, null, home);
      Await.until(Duration.ofSeconds(120), () -> {
        var t = GapReportCommand.analyse(db, home, new GapWindow(null, null, null), null, null).totals();
        return t.sequenceHoles() == 0 && t.unreconciled() == 0 && t.openGhosts() == 0 && t.zombies() == 0;
      }, () -> "the node's repairs (voids, reconciliation) within their bounds");
      Await.until(Duration.ofSeconds(60), () -> count(node, "select coalesce(max(node_seq), 0) from attestation_checkpoint")
          == count(node, "select max(node_seq) from ingress_attestation"), () -> "a signed checkpoint of the chain's head");

      CommandRun gate = CommandRun.of("evidence-bundle", "--home", home.toString(), "--out", bundleFile.toString(), "--results", evidence.toString(),
          "--source", ROOT.toString(), "--require-complete", "--build-status", "success");
      JsonNode bundle = JSON.readTree(bundleFile.toFile());
      assertEquals(0, gate.exit(), "the evidence gate failed: " + bundle.get("status_reasons") + "\n" + gate.out() + gate.err());
      assertEquals(List.of(), EvidenceSchema.validate(bundle));
      assertEquals(0, CommandRun.of("evidence-bundle", "--check", bundleFile.toString()).exit(), "schema and hash, as a regulator checks them");
      assertEquals(0, bundle.at("/attestation_gap/gap").asLong());
      bundle.get("invariants").fields().forEachRemaining(e -> assertEquals("pass", e.getValue().get("status").asText(), e.getKey()));

      // Each figure against a count taken here, from the database (and from what the scenario's clients saw).
      assertEquals(count(node, "select sum(coalesce(refused_count, 1)) from ingress_attestation"), bundle.at("/attestation_gap/ingress_count").asLong());
      assertEquals(count(node, "select count(*) from ingress_attestation"), bundle.at("/ingress_attestation/rows").asLong());
      Map<String, Long> states = groupCount(node, "select status, count(*) from instruction_status group by status");
      measured.get("final_states").fields().forEachRemaining(e ->
          assertEquals(e.getValue().asLong(), states.getOrDefault(e.getKey(), 0L), "instructions " + e.getKey()));
      long numbered = states.values().stream().mapToLong(Long::longValue).sum();
      assertEquals(measured.get("accepted").asLong() + measured.get("rejected_over_limit").asLong(), numbered, "202s and over-limit refusals");
      assertEquals(numbered - states.getOrDefault("REJECTED", 0L), bundle.at("/retry_metrics/instructions_dispatched").asLong());
      assertEquals(count(node, "select count(*) from event_tag where tag = 'duplicate'"), bundle.at("/idempotency_metrics/duplicate_requests").asLong());
      assertTrue(bundle.at("/idempotency_metrics/duplicate_requests").asLong() >= measured.get("replayed_duplicates").asLong(),
          "every replay the clients saw is a recorded duplicate");
      assertEquals(1, bundle.at("/idempotency_metrics/instructions_per_key_max").asLong());
      assertEquals(count(node, "select count(*) from instruction_status where code = 'DLQ'"), bundle.at("/dlq_metrics/records_entered").asLong());
      assertEquals(0, count(node, "select coalesce(sum(amount_minor), 0) from ledger_line"), "double entry sums to zero");
      assertEquals(0, bundle.at("/stress_test_summary/ledger_integrity_violations").asLong());
      String scenarioSha256 = org.symphony.audit.evidence.Sha256.hex(java.nio.file.Files.readAllBytes(evidence.resolve("scenarios/standard.json")));
      assertEquals(scenarioSha256, bundle.at("/stress_test_summary/scenario/sha256").asText(), "the bundle names this run's file");
      assertEquals("pass", bundle.at("/failure_injection_results/status").asText(), bundle.at("/failure_injection_results").toString());
      assertEquals("pass", bundle.at("/bcdr/status").asText(), bundle.at("/bcdr").toString());
      assertEquals(0, bundle.at("/bcdr/rpo_instructions_missing").asLong());
      assertEquals(count(node, "select max(node_seq) from ingress_attestation"), bundle.at("/ingress_attestation/last_signed_checkpoint/node_seq").asLong());
    }
  }

  private static long count(SymphonyNode node, String sql) throws Exception {
    try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement(); var r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static Map<String, Long> groupCount(SymphonyNode node, String sql) throws Exception {
    Map<String, Long> out = new HashMap<>();
    try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement(); var r = s.executeQuery(sql)) {
      while (r.next()) out.put(r.getString(1), r.getLong(2));
    }
    return out;
  }
}
