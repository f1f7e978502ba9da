package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.evidence.EvidenceSchema;

/**
 * {@code symphony evidence-bundle} on a real node: the bundle validates against evidence-bundle.schema.json, its hash is
 * what an auditor recomputes, its figures are what the database and the client saw; one edited attestation row makes
 * the next bundle report the chain break, status fail and exit 1 (the CI gate's failure); bad input is one line.
 */
class EvidenceBundleNodeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  @TempDir Path results;

  @Test
  void theBundleValidatesMatchesTheDatabaseAndFailsOnceAnAttestedRowIsEdited() throws Exception {
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home))) {
      var edge = new EdgeClient(node.edgeUrl());
      String token = edge.token(node.credentials().participants().get(0));
      List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < 30; i++) sent.add(edge.submit(token, "eb-" + i, EdgeClient.body("2.00", "+260961234567", "EB" + i)));
      List<String> accepted = new ArrayList<>();
      for (var f : sent) {
        HttpResponse<String> r = f.get();
        assertEquals(202, r.statusCode(), r.body());
        accepted.add(JSON.readTree(r.body()).get("instructionId").asText());
      }
      int replays = 0;
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> again = edge.submit(token, "eb-" + i, EdgeClient.body("2.00", "+260961234567", "EB" + i)).get();
        if ("true".equals(again.headers().firstValue("Idempotent-Replayed").orElse(""))) replays++;
      }
      assertEquals(5, replays);
      assertEquals(400, edge.submit(token, "eb-bad", "{\"amount\":{\"value\":\"-1\"}}").get().statusCode());
      Await.until(Duration.ofSeconds(60), () -> accepted.stream().allMatch(id -> terminal(edge, token, id)), () -> "all terminal");
      Await.until(Duration.ofSeconds(30), () -> count(node, "select count(*) from instruction_status where status = 'SUCCEEDED'") == 30,
          () -> "read model caught up");

      Path out = results.resolve("bundle.json");
      CommandRun built = CommandRun.of("evidence-bundle", "--home", home.toString(), "--out", out.toString(), "--results", results.toString(), "--source", "..",
          "--test-reports", results.toString()); // this test's bundle must not depend on reports left by other runs
      assertEquals(0, built.exit(), built.out() + built.err());
      JsonNode bundle = JSON.readTree(out.toFile());
      assertEquals(List.of(), EvidenceSchema.validate(bundle));
      assertEquals("pass", bundle.get("status").asText(), bundle.get("status_reasons").toString());
      assertEquals(recomputedHash(bundle), bundle.at("/immutability/bundle_hash").asText(), "an auditor's recomputation");
      assertEquals(0, CommandRun.of("evidence-bundle", "--check", out.toString()).exit());
      schemaHoldsItsRules(bundle);

      // Every figure against an independent count: the database's own rows, and what this client saw.
      JsonNode gap = bundle.get("attestation_gap");
      assertEquals(count(node, "select sum(coalesce(refused_count, 1)) from ingress_attestation"), gap.get("ingress_count").asLong());
      assertEquals(0, gap.get("gap").asLong());
      assertEquals(gap.get("ingress_count").asLong(), gap.get("terminal_events").asLong() + gap.at("/breakdown/within_grace").asLong());
      assertEquals(replays, bundle.at("/idempotency_metrics/duplicate_requests").asLong());
      assertEquals(replays, bundle.at("/idempotency_metrics/duplicates_blocked").asLong());
      assertEquals(30, bundle.at("/retry_metrics/instructions_dispatched").asLong());
      assertEquals(count(node, "select count(*) from ingress_attestation"), bundle.at("/ingress_attestation/rows").asLong());
      assertTrue(bundle.at("/ingress_attestation/chain_verification/intact").asBoolean());
      for (String inv : List.of("INV-ATTEST", "INV-GAP", "INV-SEQ", "INV-LEDGER", "INV-CHAIN", "INV-TERMINAL"))
        assertEquals("pass", bundle.at("/invariants/" + inv + "/status").asText(), inv);
      assertEquals("not_run", bundle.at("/invariants/INV-ONCE/status").asText(), "no run has read the strike ledgers");
      assertEquals("incomplete", bundle.at("/failure_injection_results/status").asText(), "an empty evidence directory");
      assertTrue(bundle.at("/failure_injection_results/cases").findValuesAsText("status").stream().allMatch("not_run"::equals));

      // The attack: one attested row edited by someone holding the superuser's password.
      long seq = 7;
      try (Connection c = TestNodes.superuser(home); Statement s = c.createStatement()) {
        assertEquals(1, s.executeUpdate("update ingress_attestation set path = '/v1/forged' where node_seq = " + seq));
      }
      Path tampered = results.resolve("tampered.json");
      CommandRun gate = CommandRun.of("evidence-bundle", "--home", home.toString(), "--out", tampered.toString(), "--results", results.toString(), "--source", "..",
          "--test-reports", results.toString());
      assertEquals(1, gate.exit(), "the gate fails: " + gate.out() + gate.err());
      JsonNode broken = JSON.readTree(tampered.toFile());
      assertEquals(List.of(), EvidenceSchema.validate(broken), "a failing bundle is still a valid one");
      assertEquals("fail", broken.get("status").asText());
      assertEquals("fail", broken.at("/invariants/INV-CHAIN/status").asText());
      assertEquals("fail", broken.at("/ingress_attestation/status").asText());
      JsonNode firstBreak = broken.at("/ingress_attestation/chain_verification/breaks/0");
      assertEquals(seq, firstBreak.get("position").asLong(), broken.at("/ingress_attestation/chain_verification").toString());
      assertEquals("HASH_MISMATCH", firstBreak.get("kind").asText());
      assertTrue(gate.out().contains("FAIL: ingress attestation chain broken"), gate.out());
    }
  }

  @Test
  void badInputIsOneLineAndANonZeroExit() throws Exception {
    Path file = Files.writeString(results.resolve("a-file"), "x");
    CommandRun unwritable = CommandRun.of("evidence-bundle", "--db-url", "jdbc:postgresql://127.0.0.1:1/none", "--out", file.resolve("bundle.json").toString());
    assertOneLine(unwritable, "cannot write");
    CommandRun unreachable = CommandRun.of("evidence-bundle", "--db-url", "jdbc:postgresql://127.0.0.1:1/none", "--out", results.resolve("b.json").toString());
    assertOneLine(unreachable, "cannot reach the database at jdbc:postgresql://127.0.0.1:1/none");
    CommandRun noHome = CommandRun.of("evidence-bundle", "--home", results.resolve("no-node").toString(), "--out", results.resolve("c.json").toString());
    assertOneLine(noHome, "no database given");
    CommandRun notABundle = CommandRun.of("evidence-bundle", "--check", file.toString());
    assertOneLine(notABundle, "cannot read");
  }

  /** The rules the schema adds to the user's: the 7R sections when the phase is 7R, a reason when enforcement is off. */
  private static void schemaHoldsItsRules(JsonNode bundle) {
    var without7R = (com.fasterxml.jackson.databind.node.ObjectNode) bundle.deepCopy();
    without7R.remove("dlq_metrics");
    assertTrue(EvidenceSchema.validate(without7R).stream().anyMatch(p -> p.contains("dlq_metrics")), "7R requires dlq_metrics");
    without7R.put("phase", "7B");
    for (String section : List.of("idempotency_metrics", "retry_metrics", "ingress_attestation", "failure_injection_results", "bcdr",
        "stress_test_summary", "attestation_gap", "revocation_bounds")) without7R.remove(section);
    assertEquals(List.of(), EvidenceSchema.validate(without7R), "another phase does not require them");
    var noReason = (com.fasterxml.jackson.databind.node.ObjectNode) bundle.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) noReason.get("ai_usage")).remove("enforcement_reason");
    assertTrue(EvidenceSchema.validate(noReason).stream().anyMatch(p -> p.contains("enforcement_reason")), "reason required when inactive");
    var madeUp = (com.fasterxml.jackson.databind.node.ObjectNode) bundle.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) madeUp.get("attestation_gap")).put("gap", -1);
    assertFalse(EvidenceSchema.validate(madeUp).isEmpty(), "a negative gap is not a count");
  }

  private static void assertOneLine(CommandRun r, String expected) {
    assertEquals(EvidenceBundleCommand.USAGE, r.exit(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(expected), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace");
  }

  /** RFC 8785 for what a bundle holds (strings, booleans, integers, short decimals): sorted keys, no whitespace. */
  static String recomputedHash(JsonNode bundle) throws Exception {
    JsonNode copy = bundle.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("immutability")).remove("bundle_hash");
    String canonical = JSON.writeValueAsString(JSON.convertValue(sorted(copy), Object.class));
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
  }

  private static Object sorted(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new TreeMap<>();
      n.fields().forEachRemaining(e -> m.put(e.getKey(), sorted(e.getValue())));
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(x -> l.add(sorted(x)));
      return l;
    }
    return n;
  }

  private static boolean terminal(EdgeClient edge, String token, String id) {
    try {
      return List.of("SUCCEEDED", "FAILED", "REJECTED").contains(edge.get(token, id).get("status").asText());
    } catch (Exception e) {
      return false;
    }
  }

  private static long count(SymphonyNode node, String sql) throws Exception {
    try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement(); var r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
