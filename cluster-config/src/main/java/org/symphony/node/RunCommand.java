package org.symphony.node;

import java.io.PrintStream;
import java.nio.file.Path;
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

  @Override
  public Integer call() throws Exception {
    NodeOptions options = NodeOptions.defaults(home != null ? home : defaultHome()).ephemeral(ephemeral);
    if (edgePort != null) options = options.withOverride("symphony.edge.port", edgePort);
    if (managementPort != null) options = options.withOverride("pekko.management.http.port", managementPort);
    if (mtnSimPort != null) options = options.withOverride("symphony.rails.simulator.mtn.port", mtnSimPort);
    if (remotePort != null) options = options.withOverride("pekko.remote.artery.canonical.port", remotePort);
    if (metricsPort != null) options = options.withOverride("symphony.metrics.port", metricsPort);

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
    // Stopped by itself because continuing was unsafe: non-zero, so that a supervisor (systemd, Kubernetes) notices.
    return node.stopReason().filter(r -> r instanceof SymphonyNode.UnsafeToContinue).isPresent() ? 1 : 0;
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
    if (!node.hasDevCredentials()) {
      out.println("Dev credentials: off (symphony.node.dev-credentials)");
      out.println("Stop with Ctrl-C.");
      out.flush();
      return;
    }
    out.println("  dev.json     " + node.devJson());
    out.println("Dev credentials (client_id / client_secret):");
    for (var p : node.credentials().participants())
      out.println("  participant " + p.subject() + ": " + p.clientId() + " / " + p.clientSecret());
    for (var o : node.credentials().operators())
      out.println("  operator:    " + o.clientId() + " / " + o.clientSecret());
    out.println("  supervisor:  " + node.credentials().supervisor().clientId() + " / " + node.credentials().supervisor().clientSecret()
        + "   (dashboard: " + node.edgeUrl() + "/supervisor/dashboard)");
    out.println("Stop with Ctrl-C.");
    out.flush();
  }
}
