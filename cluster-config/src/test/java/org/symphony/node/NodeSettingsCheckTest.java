package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule of the start-up settings check: the shipped defaults pass, and every violation is named with its key. */
class NodeSettingsCheckTest {

  @TempDir Path home;

  private List<String> problems(Map<String, Object> overrides) {
    NodeOptions options = NodeOptions.defaults(home);
    for (var e : overrides.entrySet()) options = options.withOverride(e.getKey(), e.getValue());
    return NodeSettingsCheck.problems(SymphonyNode.nodeConfig(options, home));
  }

  private void assertOneProblem(Map<String, Object> overrides, String key, String why) {
    List<String> problems = problems(overrides);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith(key), problems.get(0));
    assertTrue(problems.get(0).contains(why), problems.get(0));
  }

  @Test
  void theDefaultsPass() {
    assertEquals(List.of(), problems(Map.of()));
  }

  @Test
  void everyBackoffFloorIsAtMostItsCeiling() {
    for (List<String> pair : NodeSettingsCheck.BACKOFFS)
      assertOneProblem(Map.of(pair.get(0), "2m", pair.get(1), "1m"), pair.get(0), "exceeds " + pair.get(1));
    assertOneProblem(Map.of("symphony.engine.instruction.retry-min-backoff", "0s"), "symphony.engine.instruction.retry-min-backoff", "must be positive");
  }

  @Test
  void poolsAndBoundsHoldAtLeastOne() {
    for (String key : NodeSettingsCheck.AT_LEAST_ONE) {
      List<String> problems = problems(Map.of(key, 0));
      assertTrue(problems.contains(key + " = 0 must be at least 1"), key + ": " + problems);
    }
  }

  @Test
  void ratesArePositive() {
    for (String key : NodeSettingsCheck.POSITIVE_RATES) assertOneProblem(Map.of(key, 0), key, "must be positive");
  }

  @Test
  void theJournalBufferHoldsEveryAdmittedSubmission() {
    assertOneProblem(
        Map.of("jdbc-journal.bufferSize", 500, "jdbc-journal.batchSize", 100, "symphony.edge.admission.max-in-flight", 512),
        "jdbc-journal.bufferSize", "below symphony.edge.admission.max-in-flight = 512");
    assertOneProblem(Map.of("jdbc-journal.batchSize", 60000), "jdbc-journal.batchSize", "exceeds jdbc-journal.bufferSize");
  }

  @Test
  void shardingBuffersEveryAdmittedSubmissionWhileShardsMove() {
    assertOneProblem(
        Map.of("pekko.cluster.sharding.buffer-size", 100), "pekko.cluster.sharding.buffer-size", "below symphony.edge.admission.max-in-flight = 512");
  }

  @Test
  void theEngineAnswersBeforeTheEdgeGivesUpAndTheEdgeBeforeTheServer() {
    assertOneProblem(Map.of("symphony.engine.ask-timeout", "11s"), "symphony.engine.ask-timeout", "exceeds symphony.edge.engine-timeout");
    assertOneProblem(
        Map.of("symphony.edge.engine-timeout", "20s", "symphony.engine.ask-timeout", "5s", "pekko.coordinated-shutdown.phases.service-requests-done.timeout", "30s"),
        "symphony.edge.engine-timeout", "not below pekko.http.server.request-timeout");
    assertOneProblem(
        Map.of("pekko.coordinated-shutdown.phases.service-requests-done.timeout", "5s"),
        "pekko.coordinated-shutdown.phases.service-requests-done.timeout", "below symphony.edge.engine-timeout");
    assertEquals(List.of(), problems(Map.of("pekko.http.server.request-timeout", "infinite")));
  }

  @Test
  void theSplitBrainResolverWaitsLongerThanTheFailureDetectorTolerates() {
    assertOneProblem(
        Map.of("pekko.cluster.split-brain-resolver.stable-after", "5s"),
        "pekko.cluster.split-brain-resolver.stable-after", "below 2 x pekko.cluster.failure-detector.acceptable-heartbeat-pause");
  }

  @Test
  void theJoinMethodMatchesTheSeedNodes() {
    assertOneProblem(Map.of("symphony.node.join", "gossip"), "symphony.node.join", "is not one of self, seed-nodes, bootstrap");
    assertOneProblem(Map.of("symphony.node.join", "seed-nodes"), "symphony.node.join", "needs pekko.cluster.seed-nodes");
    assertOneProblem(
        Map.of("symphony.node.join", "bootstrap", "pekko.cluster.seed-nodes", List.of("pekko://symphony@127.0.0.1:25520")),
        "symphony.node.join", "bootstrap finds the seeds itself");
  }

  @Test
  void verifyNamesEveryBadKeyInOneMessage() {
    Config bad = SymphonyNode.nodeConfig(
        NodeOptions.defaults(home).withOverride("symphony.persistence.pool-size", 0).withOverride("symphony.engine.ask-timeout", "1m"), home);
    var refused = assertThrows(IllegalArgumentException.class, () -> NodeSettingsCheck.verify(bad));
    assertTrue(refused.getMessage().startsWith("settings out of range (2): "), refused.getMessage());
    assertTrue(refused.getMessage().contains("symphony.persistence.pool-size = 0"), refused.getMessage());
    assertTrue(refused.getMessage().contains("symphony.engine.ask-timeout = PT1M"), refused.getMessage());
  }
}
