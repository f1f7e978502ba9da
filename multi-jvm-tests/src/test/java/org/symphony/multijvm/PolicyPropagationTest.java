package org.symphony.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;

/**
 * Promise 5 across nodes: an operator suspends a participant on node A; the participant's token issued
 * before is refused with 401 TOKEN_POLICY_STALE on node A and on node B (policy versions replicated with
 * Distributed Data). The time from the operator's answer to the refusal on each node is measured and
 * reported (stdout and target/policy-propagation.json); the bound asserted is the "within seconds" of
 * the design, generous for a shared machine.
 */
class PolicyPropagationTest {

  private static final Duration WITHIN = Duration.ofSeconds(10);
  private static final String BODY =
      "{\"amount\":{\"value\":\"10.00\",\"currency\":\"ZMW\"},\"creditor\":{\"msisdn\":\"+260961234567\"},\"reference\":\"PV\"}";

  @TempDir Path root;
  private LocalCluster cluster;

  @AfterEach
  void stop() {
    if (cluster == null) return;
    List<String> problems = cluster.stop();
    if (!problems.isEmpty()) fail(String.join("\n", problems));
  }

  @Test
  void aSuspendedParticipantsOldTokenIsRefusedOnBothNodesWithinSeconds() throws Exception {
    // The evidence bundle's revocation_bounds.policy_propagation_seconds is this run's slower node.
    try (EvidenceResult evidence = EvidenceResult.start(EvidenceSection.REVOCATION, "policy_propagation", getClass())) {
      suspendAndMeasure(evidence);
      evidence.pass();
    }
  }

  private void suspendAndMeasure(EvidenceResult evidence) throws Exception {
    Path logDir = Path.of(System.getProperty("symphony.multijvm.log-dir", System.getProperty("java.io.tmpdir")))
        .resolve("PolicyPropagationTest-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    cluster = LocalCluster.prepare(root, logDir);
    cluster.startA(Map.of());
    cluster.startB(Map.of());
    cluster.awaitMembersUp(Duration.ofSeconds(60));

    JsonNode dev = cluster.devJson();
    JsonNode participant = dev.get("participants").get(0);
    String participantId = participant.get("id").asText();
    EdgeApi a = cluster.edgeA();
    EdgeApi b = cluster.edgeB();
    String oldToken = a.token(participant.get("client_id").asText(), participant.get("client_secret").asText());
    String operator = a.token(dev.get("operator").get("client_id").asText(), dev.get("operator").get("client_secret").asText());

    // The old token works on both nodes before the suspension.
    assertEquals(202, a.submit(oldToken, "pv-a-1", BODY).status());
    assertEquals(202, b.submit(oldToken, "pv-b-1", BODY).status());

    EdgeApi.Answer suspended = a.call("POST", "/admin/participants/" + participantId + "/suspend", operator, "{\"reason\":\"propagation drill\"}");
    long answeredAt = System.nanoTime();
    assertEquals(200, suspended.status(), suspended.toString());
    assertEquals("SUSPENDED", suspended.json().get("status").asText());

    long onA = refusedAfter(a, oldToken, answeredAt, "node-a");
    long onB = refusedAfter(b, oldToken, answeredAt, "node-b");
    String report = String.format("{\"participant\":\"%s\",\"policyVersion\":%d,\"refusedOnNodeAMs\":%d,\"refusedOnNodeBMs\":%d}",
        participantId, suspended.json().get("policyVersion").asLong(), onA, onB);
    System.out.println("policy propagation (operator's answer on node-a → old token refused): node-a " + onA + " ms, node-b " + onB + " ms");
    evidence.measured("refused_on_node_a_seconds", onA / 1000.0).measured("refused_on_node_b_seconds", onB / 1000.0)
        .measured("policy_propagation_seconds", Math.max(onA, onB) / 1000.0).measured("nodes", 2)
        .check("refused_within_bound", Math.max(onA, onB) <= WITHIN.toMillis());
    Path target = Path.of("target");
    if (Files.isDirectory(target)) Files.writeString(target.resolve("policy-propagation.json"), report + "\n");

    // A fresh token carries the new version and is good on both nodes (its instructions REJECTED, numbered).
    String fresh = b.token(participant.get("client_id").asText(), participant.get("client_secret").asText());
    EdgeApi.Answer rejected = b.submit(fresh, "pv-b-2", BODY);
    assertEquals(422, rejected.status(), rejected.toString());
    assertEquals("PARTICIPANT_SUSPENDED", rejected.json().get("code").asText());
    assertTrue(rejected.json().get("sequenceId").asLong() >= 3, "the refusal is numbered: " + rejected);
  }

  /** Milliseconds from the operator's answer until this edge refuses the token as stale. */
  private static long refusedAfter(EdgeApi edge, String token, long since, String node) throws IOException, InterruptedException {
    long deadline = since + WITHIN.toNanos();
    EdgeApi.Answer last = null;
    while (System.nanoTime() < deadline) {
      last = edge.call("GET", "/v1/instructions/none-such", token, null);
      if (last.status() == 401) {
        assertEquals("TOKEN_POLICY_STALE", last.json().get("code").asText(), node + ": " + last);
        return Duration.ofNanos(System.nanoTime() - since).toMillis();
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    throw new AssertionError(node + " still accepted the old token " + WITHIN.toSeconds() + " s after the suspension: " + last);
  }
}
