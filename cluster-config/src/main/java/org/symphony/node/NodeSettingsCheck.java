package org.symphony.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings cross-checked before the node starts: ranges (pools, rates, capacities) and relations between modules'
 * settings that no single module can see (the journal's buffer against the edge's admission bound, the engine's ask
 * against the edge's wait, the split-brain resolver against the failure detector). One message names every bad key
 * and why, instead of a node that starts and then misbehaves under load or in a partition.
 */
public final class NodeSettingsCheck {

  /** min ≤ max pairs: a backoff whose floor exceeds its ceiling never backs off as documented. */
  static final List<List<String>> BACKOFFS = List.of(
      List.of("symphony.engine.instruction.retry-min-backoff", "symphony.engine.instruction.retry-max-backoff"),
      List.of("symphony.engine.instruction.poll-initial", "symphony.engine.instruction.poll-max"),
      List.of("symphony.audit.reconciliation.restart-min-backoff", "symphony.audit.reconciliation.restart-max-backoff"),
      List.of("symphony.engine.instruction.restart-min-backoff", "symphony.engine.instruction.restart-max-backoff"),
      List.of("symphony.engine.participant.restart-min-backoff", "symphony.engine.participant.restart-max-backoff"),
      List.of("symphony.audit.read-model.restart-min-backoff", "symphony.audit.read-model.restart-max-backoff"),
      List.of("symphony.node.guardian.restart.min-backoff", "symphony.node.guardian.restart.max-backoff"),
      List.of("symphony.node.guardian.edge-restart.min-backoff", "symphony.node.guardian.edge-restart.max-backoff"),
      List.of("symphony.node.guardian.database.min-backoff", "symphony.node.guardian.database.max-backoff"));

  /** Pools and bounds that must hold at least one. */
  static final List<String> AT_LEAST_ONE = List.of(
      "symphony.persistence.pool-size",
      "symphony.persistence.owner-pool-size",
      "symphony.blocking-dispatcher.thread-pool-executor.fixed-pool-size",
      "symphony.node.token-dispatcher.thread-pool-executor.fixed-pool-size",
      "pekko.projection.jdbc.blocking-jdbc-dispatcher.thread-pool-executor.fixed-pool-size",
      "pekko-persistence-jdbc.shared-databases.symphony.db.numThreads",
      "pekko-persistence-jdbc.shared-databases.symphony.db.maxConnections",
      "symphony.audit.supervision.reactive-pool-size",
      "jdbc-journal.batchSize",
      "jdbc-journal.parallelism",
      "pekko.persistence.max-concurrent-recoveries",
      "symphony.edge.admission.max-in-flight",
      "symphony.edge.admission.max-reads-in-flight",
      "symphony.edge.token.max-in-flight",
      "symphony.edge.token.rate-limit.burst",
      "symphony.audit.attestor.max-batch",
      "symphony.audit.attestor.queue-capacity",
      "symphony.engine.participant.max-batch",
      "symphony.engine.instruction.max-dispatch-attempts",
      "symphony.audit.read-model.group-size",
      "pekko.persistence.typed.stash-capacity");

  /** Rates that must be positive (a rate of 0 stalls what it paces). */
  static final List<String> POSITIVE_RATES = List.of(
      "symphony.engine.recovery.participants-per-second",
      "symphony.edge.token.rate-limit.refill-per-second");

  /** stable-after at least this many acceptable heartbeat pauses: a slow node is not a partition. */
  static final int STABLE_AFTER_PAUSES = 2;

  private NodeSettingsCheck() {}

  /** Fails with one message naming every bad key and why. */
  public static void verify(Config config) {
    List<String> problems = problems(config);
    if (!problems.isEmpty())
      throw new IllegalArgumentException("settings out of range (" + problems.size() + "): " + String.join("; ", problems));
  }

  /** Every bad key and why; empty if the settings are consistent. */
  public static List<String> problems(Config config) {
    List<String> problems = new ArrayList<>();
    for (List<String> pair : BACKOFFS) {
      if (!has(config, pair.get(0), pair.get(1))) continue;
      Duration min = config.getDuration(pair.get(0));
      Duration max = config.getDuration(pair.get(1));
      if (min.isNegative() || min.isZero()) problems.add(pair.get(0) + " = " + min + " must be positive");
      if (min.compareTo(max) > 0) problems.add(pair.get(0) + " = " + min + " exceeds " + pair.get(1) + " = " + max);
    }
    for (String key : AT_LEAST_ONE)
      if (has(config, key) && config.getInt(key) < 1) problems.add(key + " = " + config.getInt(key) + " must be at least 1");
    for (String key : POSITIVE_RATES)
      if (has(config, key) && !(config.getDouble(key) > 0)) problems.add(key + " = " + config.getDouble(key) + " must be positive");

    int buffer = intOr(config, "jdbc-journal.bufferSize");
    int admitted = intOr(config, "symphony.edge.admission.max-in-flight");
    if (buffer >= 0 && admitted >= 0 && buffer < admitted)
      problems.add("jdbc-journal.bufferSize = " + buffer + " is below symphony.edge.admission.max-in-flight = " + admitted
          + " (every admitted submission may persist at once; a full buffer fails writes)");
    int shardBuffer = intOr(config, "pekko.cluster.sharding.buffer-size");
    if (shardBuffer >= 0 && admitted >= 0 && shardBuffer < admitted)
      problems.add("pekko.cluster.sharding.buffer-size = " + shardBuffer + " is below symphony.edge.admission.max-in-flight = " + admitted
          + " (messages to shards being moved are dropped beyond it)");
    int batch = intOr(config, "jdbc-journal.batchSize");
    if (buffer >= 0 && batch > buffer) problems.add("jdbc-journal.batchSize = " + batch + " exceeds jdbc-journal.bufferSize = " + buffer);
    int maxConnections = intOr(config, "pekko-persistence-jdbc.shared-databases.symphony.db.maxConnections");
    int minConnections = intOr(config, "pekko-persistence-jdbc.shared-databases.symphony.db.minConnections");
    if (maxConnections >= 0 && minConnections > maxConnections)
      problems.add("pekko-persistence-jdbc.shared-databases.symphony.db.minConnections = " + minConnections
          + " exceeds maxConnections = " + maxConnections);

    if (has(config, "symphony.engine.ask-timeout", "symphony.edge.engine-timeout")) {
      Duration ask = config.getDuration("symphony.engine.ask-timeout");
      Duration edgeWait = config.getDuration("symphony.edge.engine-timeout");
      if (ask.compareTo(edgeWait) > 0)
        problems.add("symphony.engine.ask-timeout = " + ask + " exceeds symphony.edge.engine-timeout = " + edgeWait
            + " (the edge would give up before the engine's answer or timeout)");
      finite(config, "pekko.http.server.request-timeout").ifPresent(request -> {
        if (edgeWait.compareTo(request) >= 0)
          problems.add("symphony.edge.engine-timeout = " + edgeWait + " is not below pekko.http.server.request-timeout = " + request
              + " (the server's bare timeout answer would win over the edge's 503 problem)");
      });
      String drain = "pekko.coordinated-shutdown.phases.service-requests-done.timeout";
      if (has(config, drain) && config.getDuration(drain).compareTo(edgeWait) < 0)
        problems.add(drain + " = " + config.getDuration(drain) + " is below symphony.edge.engine-timeout = " + edgeWait
            + " (in-flight requests are cut at shutdown)");
    }

    String stableAfter = "pekko.cluster.split-brain-resolver.stable-after";
    String pause = "pekko.cluster.failure-detector.acceptable-heartbeat-pause";
    if (has(config, stableAfter, pause)) {
      Duration stable = config.getDuration(stableAfter);
      Duration minimum = config.getDuration(pause).multipliedBy(STABLE_AFTER_PAUSES);
      if (stable.compareTo(minimum) < 0)
        problems.add(stableAfter + " = " + stable + " is below " + STABLE_AFTER_PAUSES + " x " + pause + " = " + minimum
            + " (a slow node would be downed as if partitioned)");
    }

    if (has(config, "symphony.node.join")) {
      String join = config.getString("symphony.node.join");
      List<String> seeds = config.getStringList("pekko.cluster.seed-nodes");
      if (!ClusterJoin.KNOWN.contains(join))
        problems.add("symphony.node.join = " + join + " is not one of " + String.join(", ", ClusterJoin.KNOWN));
      else if (join.equals(ClusterJoin.SEED_NODES) && seeds.isEmpty())
        problems.add("symphony.node.join = seed-nodes needs pekko.cluster.seed-nodes (empty)");
      else if (join.equals(ClusterJoin.BOOTSTRAP) && !seeds.isEmpty())
        problems.add("symphony.node.join = bootstrap with pekko.cluster.seed-nodes set (" + seeds + "): bootstrap finds the seeds itself");
    }
    return problems;
  }

  private static boolean has(Config config, String... keys) {
    for (String key : keys) if (!config.hasPath(key)) return false;
    return true;
  }

  private static int intOr(Config config, String key) {
    return config.hasPath(key) ? config.getInt(key) : -1;
  }

  private static java.util.Optional<Duration> finite(Config config, String key) {
    if (!config.hasPath(key)) return java.util.Optional.empty();
    try {
      return java.util.Optional.of(config.getDuration(key));
    } catch (ConfigException.WrongType | ConfigException.BadValue infinite) {
      return java.util.Optional.empty(); // "infinite"
    }
  }
}
