package org.symphony.node;

import com.typesafe.config.Config;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code symphony run}: the node, in the foreground, until SIGTERM/Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a Symphony node (embedded PostgreSQL 18 unless SYMPHONY_DB_URL is set).")
final class RunCommand implements Callable<Integer> {

  @Option(names = "--home", description = "Directory for the embedded database, simulator ledgers, keys and dev.json (default: ~/.symphony or $SYMPHONY_HOME).")
  Path home;

  @Option(names = "--ephemeral", description = "Throw-away database and files, deleted on exit.")
  boolean ephemeral;

  @Option(names = "--edge-port", description = "HTTP edge port (default 8080).")
  Integer edgePort;

  @Option(names = "--management-port", description = "Management port (default 8558).")
  Integer managementPort;

  @Option(names = "--mtn-sim-port", description = "MTN MoMo simulator port (default 9101).")
  Integer mtnSimPort;

  @Option(names = "--remote-port", description = "Cluster (Artery) port (default 25520).")
  Integer remotePort;

  @Option(names = "--metrics-port", description = "Prometheus scrape port (default 9095; 0: any free port).")
  Integer metricsPort;

  @Option(names = "--profile", description = "dev (default), local or kubernetes (default: $SYMPHONY_PROFILE, else dev).")
  String profile;

  @Option(names = "--nodes", description = "With --profile local: start this many nodes on loopback (node i on each base port + i - 1).")
  Integer nodes;

  /** A child of a local cluster (or a test): its seed, node 1's cluster address. */
  @Option(names = "--seed-node", hidden = true)
  List<String> seedNodes = new ArrayList<>();

  /** Stop when stdin closes, i.e. when the parent process is gone (see ParentWatchdog). */
  @Option(names = "--exit-with-parent", hidden = true)
  boolean exitWithParent;

  /** Exit code of a refusal before anything started: unknown profile, missing secrets, settings out of range. */
  static final int REFUSED = 2;

  @Override
  public Integer call() throws Exception {
    if (exitWithParent) ParentWatchdog.start(System.in);
    PrintStream err = System.err;
    String chosen;
    try {
      chosen = Profiles.choose(profile, System.getenv());
    } catch (IllegalArgumentException e) {
      err.println("symphony: " + e.getMessage());
      return REFUSED;
    }
    if (nodes != null && !Profiles.LOCAL.equals(chosen)) {
      err.println("symphony: --nodes needs --profile local (profile is " + chosen + ")");
      return REFUSED;
    }
    NodeOptions options = NodeOptions.defaults(home != null ? home : defaultHome()).ephemeral(ephemeral).withProfile(chosen);
    if (edgePort != null) options = options.withOverride("symphony.edge.port", edgePort);
    if (managementPort != null) options = options.withOverride("pekko.management.http.port", managementPort);
    if (mtnSimPort != null) options = options.withOverride("symphony.rails.simulator.mtn.port", mtnSimPort);
    if (remotePort != null) options = options.withOverride("pekko.remote.artery.canonical.port", remotePort);
    if (metricsPort != null) options = options.withOverride("symphony.metrics.port", metricsPort);
    if (!seedNodes.isEmpty()) options = options.withOverride("pekko.cluster.seed-nodes", List.copyOf(seedNodes));

    // A local cluster's launcher runs node 1, every node's seed; its children are given it (--seed-node).
    boolean launcher = Profiles.LOCAL.equals(chosen) && seedNodes.isEmpty();
    if (launcher)
      options = options.withOverride("pekko.cluster.seed-nodes", List.of(LocalClusterRun.seedNode(SymphonyNode.nodeConfig(options, options.home()))));
    Config config = SymphonyNode.nodeConfig(options, options.home());
    List<String> refusals = new ArrayList<>();
    ProfileRequirements.check(config, System.getenv()).ifPresent(refusals::add);
    refusals.addAll(NodeSettingsCheck.problems(config));
    if (launcher) refusals.addAll(LocalClusterRun.problems(options, config, nodes == null ? 1 : nodes));
    if (!refusals.isEmpty()) {
      refusals.forEach(r -> err.println("symphony: " + r));
      return REFUSED;
    }
    if (launcher) return LocalClusterRun.run(options, nodes == null ? 1 : nodes, System.out, err);

    SymphonyNode node = SymphonyNode.start(options);
    printBanner(node, System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.close();
      } catch (Exception e) {
        e.printStackTrace();
      } finally {
        stopped.countDown();
      }
    }, "symphony-shutdown"));
    node.system().getWhenTerminated().toCompletableFuture().join();
    // The cluster may have stopped the node without a signal (downed by the split-brain resolver, an operator's
    // leave, an unsafe failure): close the rest (attestor, pools, embedded PostgreSQL) so that the JVM ends.
    node.close();
    int exit = node.exitCode();
    if (exit != 0) err.println("symphony: the node stopped: " + node.stopReason().map(Object::toString).orElse("unknown reason"));
    return exit;
  }

  private static Path defaultHome() {
    String env = System.getenv("SYMPHONY_HOME");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".symphony");
  }

  static void printBanner(SymphonyNode node, PrintStream out) {
    out.println();
    out.println("Symphony node is up.");
    out.println("  edge         " + node.edgeUrl());
    out.println("  management   " + node.managementUrl());
    node.metricsUrl().ifPresent(url -> out.println("  metrics      " + url));
    node.simulatorUrls().forEach((rail, url) -> out.println("  " + String.format("%-12s", rail) + " " + url + " (simulator)"));
    out.println("  database     " + node.database().jdbcUrl());
    if (node.hasDevCredentials()) out.println("  dev.json     " + node.devJson());
    printCredentials(node, out);
    out.println("Stop with Ctrl-C.");
    out.flush();
  }

  /** The dev credentials (a node started with them) and where to find dev.json. */
  static void printCredentials(SymphonyNode node, PrintStream out) {
    if (!node.hasDevCredentials()) {
      out.println("Dev credentials: off (symphony.node.dev-credentials)");
      return;
    }
    out.println("Dev credentials (client_id / client_secret):");
    for (var p : node.credentials().participants())
      out.println("  participant " + p.subject() + ": " + p.clientId() + " / " + p.clientSecret());
    for (var o : node.credentials().operators())
      out.println("  operator:    " + o.clientId() + " / " + o.clientSecret());
    out.println("  supervisor:  " + node.credentials().supervisor().clientId() + " / " + node.credentials().supervisor().clientSecret()
        + "   (dashboard: " + node.edgeUrl() + "/supervisor/dashboard)");
  }
}
