package org.symphony.node;

import com.typesafe.config.Config;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;

/** How a node joins its cluster ({@code symphony.node.join}): itself, the configured seed nodes, or cluster bootstrap. */
final class ClusterJoin {

  static final String SELF = "self";
  static final String SEED_NODES = "seed-nodes";
  static final String BOOTSTRAP = "bootstrap";
  static final List<String> KNOWN = List.of(SELF, SEED_NODES, BOOTSTRAP);

  private ClusterJoin() {}

  static void start(ActorSystem<?> system, Config config) {
    List<String> seeds = config.getStringList("pekko.cluster.seed-nodes");
    switch (config.getString("symphony.node.join")) {
      case SELF -> {
        // Seed nodes set (e.g. -Dpekko.cluster.seed-nodes.0 in tests) are joined by Pekko itself.
        if (seeds.isEmpty()) {
          Cluster cluster = Cluster.get(system);
          cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }
      }
      case SEED_NODES -> {
        // Pekko joins pekko.cluster.seed-nodes at start; NodeSettingsCheck refused an empty list.
      }
      case BOOTSTRAP -> ClusterBootstrap.get(system).start();
      default -> throw new IllegalArgumentException(
          "symphony.node.join = " + config.getString("symphony.node.join") + "; known: " + String.join(", ", KNOWN));
    }
  }
}
