package org.symphony.node;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code run --profile local --nodes N}: N nodes of one cluster on loopback. Node 1 runs in this JVM (embedded
 * PostgreSQL 18 in {@code <home>}, the simulators, dev credentials, {@code <home>/dev.json}); nodes 2..N are child JVMs
 * (same java, classpath and -D properties) with homes {@code <home>/node-i}, logs {@code <home>/node-i/node.log}, using
 * node 1's database as an external one, its simulators, client-secret key and token key, and node 1 as seed node.
 * Node i listens on each base port + i - 1. Ctrl-C or SIGTERM stops the children first (SIGTERM, waited for), then
 * node 1; a child whose launcher dies without hooks stops itself ({@code --exit-with-parent}).
 */
final class LocalClusterRun {

  /** The base ports; node i listens on base + i - 1 (a metrics base of 0 gives every node any free port). */
  record BasePorts(int edge, int management, int remote, int metrics) {

    static BasePorts of(Config config) {
      return new BasePorts(
          config.getInt("symphony.edge.port"),
          config.getInt("pekko.management.http.port"),
          config.getInt("pekko.remote.artery.canonical.port"),
          config.getInt("symphony.metrics.port"));
    }

    BasePorts node(int index) {
      int offset = index - 1;
      return new BasePorts(edge + offset, management + offset, remote + offset, metrics == 0 ? 0 : metrics + offset);
    }
  }

  /** A child node: its number, ports, home and log, and its JVM. */
  private record Child(int index, BasePorts ports, Path home, Path log, Process process) {}

  private static final String CHILD_UP = "Stop with Ctrl-C.";
  /** Lines of a child's log printed when the launch fails. */
  private static final int LOG_TAIL_LINES = 30;

  private LocalClusterRun() {}

  /** Node 1's cluster address: every node's seed (node 1 joins itself through it). */
  static String seedNode(Config config) {
    return "pekko://" + config.getString("symphony.node.system-name") + "@"
        + config.getString("pekko.remote.artery.canonical.hostname") + ":" + config.getInt("pekko.remote.artery.canonical.port");
  }

  /** Refusals before anything starts: empty if {@code nodes} local nodes can start with these options. */
  static List<String> problems(NodeOptions options, Config config, int nodes) {
    List<String> problems = new ArrayList<>();
    int max = config.getInt("symphony.node.local.max-nodes");
    if (nodes < 1 || nodes > max) problems.add("--nodes must be 1.." + max + " (symphony.node.local.max-nodes), not " + nodes);
    if (nodes > 1 && options.ephemeral()) problems.add("--ephemeral is for one node; the local cluster keeps node 1's database in --home");
    BasePorts bases = BasePorts.of(config);
    if (bases.remote() == 0) problems.add("the cluster port base (--remote-port) must be fixed: node 1's address is every node's seed");
    if (nodes > 1 && (bases.edge() == 0 || bases.management() == 0))
      problems.add("the edge and management port bases (--edge-port, --management-port) must be fixed for more than one node");
    return problems;
  }

  /** Runs the cluster until SIGTERM/Ctrl-C; returns the exit code. */
  static int run(NodeOptions options, int nodes, PrintStream out, PrintStream err) throws Exception {
    Path home = options.home();
    Config config = SymphonyNode.nodeConfig(options, home);
    BasePorts bases = BasePorts.of(config);
    String seed = seedNode(config);
    SymphonyNode first = SymphonyNode.start(options.withOverride("pekko.cluster.seed-nodes", List.of(seed)));
    List<Child> children = new ArrayList<>();
    Duration stopTimeout = config.getDuration("symphony.node.local.child-stop-timeout");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(children, first, stopTimeout, err), "symphony-local-shutdown"));
    try {
      Map<String, String> properties = childProperties(first);
      Map<String, String> environment = childEnvironment(first, home);
      synchronized (children) {
        for (int i = 2; i <= nodes; i++)
          children.add(startChild(i, bases.node(i), home.resolve("node-" + i), seed, properties, environment));
      }
      awaitChildren(children, config.getDuration("symphony.node.local.child-start-timeout"));
    } catch (Exception | Error e) {
      err.println("symphony: the local cluster did not start: " + e.getMessage());
      for (Child child : children) err.println("--- last lines of " + child.log() + ":\n" + tail(child.log(), LOG_TAIL_LINES));
      System.exit(1); // the shutdown hook stops the children started so far, then node 1
    }
    List<String> edges = new ArrayList<>(List.of(first.edgeUrl()));
    List<String> managements = new ArrayList<>(List.of(first.managementUrl()));
    String edgeHost = config.getString("symphony.edge.host");
    String managementHost = config.getString("pekko.management.http.hostname");
    for (Child child : children) {
      edges.add("http://" + edgeHost + ":" + child.ports().edge());
      managements.add("http://" + managementHost + ":" + child.ports().management());
    }
    if (first.hasDevCredentials()) DevJson.listNodes(first.devJson(), edges, managements);
    printBanner(first, children, edges, managements, out);
    first.system().getWhenTerminated().toCompletableFuture().join();
    return 0;
  }

  /** -D properties of a child: this JVM's own, then what makes it a member that uses node 1's services. */
  private static Map<String, String> childProperties(SymphonyNode first) {
    Config own = first.system().settings().config();
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("symphony.node.start-simulators", "off");
    properties.put("symphony.node.dev-credentials", "off");
    // One token key for the cluster: a token from any edge is good on every edge.
    properties.put("symphony.edge.token.key-file", own.getString("symphony.edge.token.key-file"));
    Map<String, String> railBaseUrls = Map.of("mtn-momo", "mtn", "airtel-money", "airtel", "rtgs", "rtgs");
    first.simulatorUrls().forEach((rail, url) -> {
      String key = railBaseUrls.get(rail);
      if (key != null) properties.put("symphony.rails." + key + ".base-url", url);
    });
    return properties;
  }

  /** Environment of a child: node 1's database as external (owner and runtime role) and its client-secret key. */
  private static Map<String, String> childEnvironment(SymphonyNode first, Path home) throws IOException {
    Map<String, String> environment = new LinkedHashMap<>();
    if (first.database().isEmbedded()) {
      Properties owner = new Properties();
      try (Reader in = Files.newBufferedReader(home.resolve("pg-credentials.properties"))) {
        owner.load(in);
      }
      environment.put("SYMPHONY_DB_URL", first.database().jdbcUrl());
      environment.put("SYMPHONY_DB_USER", owner.getProperty("owner.user"));
      environment.put("SYMPHONY_DB_PASSWORD", owner.getProperty("owner.password"));
      environment.put("SYMPHONY_DB_RUNTIME_USER", first.database().user());
      environment.put("SYMPHONY_DB_RUNTIME_PASSWORD", first.database().password());
    }
    String configured = first.system().settings().config().getString("symphony.node.client-secret-key");
    environment.put(
        "SYMPHONY_CLIENT_SECRET_KEY",
        configured.isBlank() ? Files.readString(home.resolve(ClientSecretKey.FILE), StandardCharsets.UTF_8).strip() : configured);
    return environment;
  }

  private static Child startChild(
      int index, BasePorts ports, Path home, String seed, Map<String, String> properties, Map<String, String> environment)
      throws IOException {
    Files.createDirectories(home);
    Path log = home.resolve("node.log");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseGet(
        () -> Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    // This JVM's -D and -X options (heap, logback, config overrides), then the child's own.
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
      if (argument.startsWith("-D") || argument.startsWith("-Xm") || argument.startsWith("-Xss")) command.add(argument);
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
        "--profile", Profiles.LOCAL,
        "--home", home.toString(),
        "--edge-port", Integer.toString(ports.edge()),
        "--management-port", Integer.toString(ports.management()),
        "--remote-port", Integer.toString(ports.remote()),
        "--metrics-port", Integer.toString(ports.metrics()),
        "--seed-node", seed,
        "--exit-with-parent"));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    // stdin stays a pipe from this JVM: the child's --exit-with-parent watchdog sees it close if this JVM dies.
    return new Child(index, ports, home, log, builder.start());
  }

  private static void awaitChildren(List<Child> children, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Child> waiting = new ArrayList<>(children);
    while (!waiting.isEmpty()) {
      for (var it = waiting.iterator(); it.hasNext(); ) {
        Child child = it.next();
        if (Files.readString(child.log(), StandardCharsets.UTF_8).contains(CHILD_UP)) it.remove();
        else if (!child.process().isAlive())
          throw new IllegalStateException("node " + child.index() + " exited with " + child.process().exitValue() + "; see " + child.log());
      }
      if (waiting.isEmpty()) return;
      if (System.nanoTime() - deadline >= 0)
        throw new IllegalStateException("node " + waiting.get(0).index() + " not up within " + timeout.toSeconds() + " s; see " + waiting.get(0).log());
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    }
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Children first (they use node 1's database), all signalled at once and waited for; then node 1. */
  private static void stopAll(List<Child> children, SymphonyNode first, Duration timeout, PrintStream err) {
    List<Child> running;
    synchronized (children) {
      running = List.copyOf(children);
    }
    // SIGTERM through the handle: Process.destroy() would also close the child's stdin, racing its watchdog.
    running.forEach(child -> child.process().toHandle().destroy());
    for (Child child : running) {
      try {
        if (!child.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          err.println("symphony: node " + child.index() + " did not stop within " + timeout.toSeconds() + " s; killing it");
          child.process().destroyForcibly().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      first.close();
    } catch (Exception e) {
      e.printStackTrace(err);
    }
  }

  private static void printBanner(
      SymphonyNode first, List<Child> children, List<String> edges, List<String> managements, PrintStream out) {
    out.println();
    out.println("Symphony local cluster is up: " + edges.size() + " node(s) on loopback, one PostgreSQL 18 (node 1's).");
    for (int i = 0; i < edges.size(); i++) {
      String where = i == 0 ? "this JVM, home " + first.devJson().getParent()
          : "pid " + children.get(i - 1).process().pid() + ", home " + children.get(i - 1).home() + ", log " + children.get(i - 1).log();
      out.println("  node " + (i + 1) + "  edge " + edges.get(i) + "  management " + managements.get(i) + "  (" + where + ")");
    }
    first.simulatorUrls().forEach((rail, url) -> out.println("  " + String.format("%-12s", rail) + " " + url + " (simulator, node 1)"));
    out.println("  database     " + first.database().jdbcUrl());
    out.println("  members      curl " + managements.get(0) + "/cluster/members");
    out.println("  shards       curl " + managements.get(0) + "/cluster/shards/Instruction");
    RunCommand.printCredentials(first, out);
    out.println("Ctrl-C or SIGTERM stops all " + edges.size() + " nodes.");
    out.println(CHILD_UP);
    out.flush();
  }
}
