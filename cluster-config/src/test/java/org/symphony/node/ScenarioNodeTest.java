package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.evidence.EvidenceDirectory;
import org.symphony.node.scenario.ScenarioResult;

/**
 * {@code symphony scenario standard} against a real node, as an operator would run it (found through the home's
 * dev.json): 200 instructions under the standard faults. Its results must agree with the database: the accepted
 * instructions are the instruction_status rows of the node's participants that are not REJECTED (the over-limit
 * ones are), with the same ids (hash) and the same final states; INV_ONCE, INV_TERMINAL and no_5xx hold.
 */
class ScenarioNodeTest {

  private static final int INSTRUCTIONS = 200;

  @TempDir Path home;

  @Test
  void standardScenarioResultsMatchTheDatabaseAndItsChecksHold() throws Exception {
    // This 200-instruction run must not replace the evidence of the 1,000-instruction standard scenario .ci/run
    // measures (same case name): its results go to its own home.
    String evidenceDir = System.getProperty(EvidenceDirectory.PROPERTY);
    System.setProperty(EvidenceDirectory.PROPERTY, home.resolve("evidence").toString());
    try {
      runAndCompareWithTheDatabase();
    } finally {
      if (evidenceDir == null) System.clearProperty(EvidenceDirectory.PROPERTY);
      else System.setProperty(EvidenceDirectory.PROPERTY, evidenceDir);
    }
  }

  private void runAndCompareWithTheDatabase() throws Exception {
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home)
        // fast, bounded recovery from the faults (as the mixed-fault soak)
        .withOverride("symphony.engine.instruction.retry-min-backoff", "100ms")
        .withOverride("symphony.engine.instruction.retry-max-backoff", "1s")
        .withOverride("symphony.engine.instruction.poll-initial", "100ms")
        .withOverride("symphony.engine.instruction.poll-max", "1s")
        .withOverride("symphony.rails.mtn.call-timeout", "1s")
        .withOverride("symphony.rails.airtel.call-timeout", "1s")
        .withOverride("symphony.rails.rtgs.call-timeout", "1s")
        .withOverride("symphony.rails.simulator.mtn.completion-delay", "50ms")
        .withOverride("symphony.rails.simulator.airtel.completion-delay", "50ms")
        .withOverride("symphony.rails.simulator.rtgs.completion-delay", "50ms")
        .withOverride("symphony.rails.simulator.airtel.data-dir", home.resolve("rail-sim").resolve("airtel-money").toString())
        .withOverride("symphony.rails.simulator.rtgs.data-dir", home.resolve("rail-sim").resolve("rtgs").toString())
        .withOverride("symphony.rails.circuit-breaker.reset-timeout", "500ms"))) {
      Path out = home.resolve("results.json");

      ScenarioCommandTest.Run run = ScenarioCommandTest.run("scenario", "standard", "--home", home.toString(), "--instructions",
          Integer.toString(INSTRUCTIONS), "--participants", "3", "--faults", "standard", "--seed", "42", "--settle-timeout", "45s",
          "--out", out.toString());
      System.out.println(run.err() + run.out());
      assertEquals(0, run.exit(), run.err() + run.out());
      assertTrue(run.err().contains("seed 42"), "the seed is logged: " + run.err());

      JsonNode result = EdgeClient.JSON.readTree(out.toFile());
      Path evidence = home.resolve("evidence").resolve("scenarios").resolve("standard.json");
      assertEquals(result, EdgeClient.JSON.readTree(evidence.toFile()), "--out holds the evidence file's document");
      assertEquals("pass", result.path("status").asText());
      JsonNode checks = result.path("checks");
      for (String check : new String[] {"INV_ONCE", "INV_TERMINAL", "no_5xx"}) assertTrue(checks.path(check).asBoolean(false), check + " in " + checks);
      JsonNode m = result.path("measured");
      assertEquals(42, m.path("seed").asLong());
      assertEquals(INSTRUCTIONS, m.path("instructions").asInt());
      assertEquals(0, m.path("answers_not_as_planned").asLong(), m.path("answers_not_as_planned_sample").toString());
      long doubleTaps = m.path("planned").path("double_tap").asLong();
      assertTrue(doubleTaps > 0 && m.path("replayed_duplicates").asLong() >= doubleTaps, "every double tap has a replayed copy: " + m);
      assertEquals(m.path("planned").path("invalid").asLong(), count(m.path("final_http_status_counts"), "400"));
      assertEquals(m.path("planned").path("over_limit").asLong(), m.path("rejected_over_limit").asLong());
      assertTrue(m.path("faults").path("rails").size() == 3, "standard faults on three rails: " + m.path("faults"));

      // ---- an independent count from the database --------------------------------------------------------
      long accepted = m.path("accepted").asLong();
      long overLimit = m.path("rejected_over_limit").asLong();
      Map<String, Long> expectedStates = new TreeMap<>();
      m.path("final_states").fields().forEachRemaining(f -> expectedStates.put(f.getKey(), f.getValue().asLong()));
      Map<String, Long> rows = new TreeMap<>();
      Set<String> acceptedIds = new HashSet<>();
      Await.until(Duration.ofSeconds(20), () -> {
        rows.clear();
        acceptedIds.clear();
        try (Connection c = node.database().dataSource().getConnection();
            var q = c.prepareStatement("select instruction_id, status from instruction_status where participant_id = any(?)")) {
          q.setArray(1, c.createArrayOf("text", new String[] {"bank-a", "bank-b", "mfi-c"}));
          try (ResultSet r = q.executeQuery()) {
            while (r.next()) {
              rows.merge(r.getString(2), 1L, Long::sum);
              if (!"REJECTED".equals(r.getString(2))) acceptedIds.add(r.getString(1));
            }
          }
        }
        Map<String, Long> states = new TreeMap<>(rows);
        states.remove("REJECTED");
        return acceptedIds.size() == accepted && rows.getOrDefault("REJECTED", 0L) == overLimit && states.equals(expectedStates);
      }, () -> "instruction_status " + rows + ", the scenario: accepted " + accepted + ", over limit " + overLimit + ", states " + expectedStates);
      assertEquals(ScenarioResult.sha256OfSorted(acceptedIds), m.path("accepted_ids").path("sha256").asText(), "the same accepted ids");
      assertEquals(accepted, m.path("accepted_ids").path("count").asLong());
      assertEquals(accepted, m.path("accepted_terminal").asLong() + m.path("unknown_outcome").asLong());
    }
  }

  private static long count(JsonNode counts, String key) {
    return counts.path(key).asLong(0);
  }
}
