package org.symphony.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The real node, {@code java -jar deploy/target/symphony.jar run}, in a home of its own, on free ports. */
final class Node implements AutoCloseable {

  static final String BANNER = "Symphony node is up.";

  /** What the launcher of a local cluster prints once every node is up (LocalClusterRun.printBanner). */
  static final String CLUSTER_BANNER = "Symphony local cluster is up";
  /** SIGTERM, then this long for the node (a launcher: its children first, then node 1) before SIGKILL. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(150);
  /** After the launcher is gone: how long its child JVMs get to follow (they watch its stdin pipe). */
  private static final Duration CHILDREN_STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path log;
  final Ports ports;
  final int nodes;
  final JsonNode dev;
  /** Every node's Prometheus endpoint, node 1 first. */
  final List<String> metricsUrls;

  private Node(Process process, Path log, Ports ports, int nodes, JsonNode dev) {
    this.process = process;
    this.log = log;
    this.ports = ports;
    this.nodes = nodes;
    this.dev = dev;
    List<String> urls = new ArrayList<>();
    for (int i = 1; i <= nodes; i++) urls.add("http://127.0.0.1:" + ports.node(i).metrics() + "/metrics");
    this.metricsUrls = List.copyOf(urls);
  }

  /**
   * Node 1's ports; node i of a local cluster ({@code run --profile local --nodes N}) listens on each base + i - 1
   * (LocalClusterRun). The MTN simulator port is node 1's only (the cluster's simulators are node 1's, if any).
   */
  record Ports(int edge, int management, int mtnSim, int remote, int metrics) {
    /** Bases with {@code nodes} consecutive free ports each, no two blocks overlapping. */
    static Ports free(int nodes) {
      return of(PortBlocks.onThisMachine(nodes));
    }

    static Ports of(PortBlocks blocks) {
      return new Ports(blocks.next(), blocks.next(), blocks.next(), blocks.next(), blocks.next());
    }

    /** Node i's ports (1-based), as LocalClusterRun.BasePorts.node(i) gives them. */
    Ports node(int index) {
      if (index < 1) throw new IllegalArgumentException("nodes are numbered from 1: " + index);
      int offset = index - 1;
      return new Ports(edge + offset, management + offset, mtnSim, remote + offset, metrics + offset);
    }
  }

  static Node start(Path jar, Path home, Path log, Ports ports, List<String> jvmOptions, Duration timeout) throws Exception {
    return start(jar, home, log, ports, 1, jvmOptions, timeout);
  }

  /**
   * One node ({@code run}, as ever), or with nodes > 1 a local cluster ({@code run --profile local --nodes N}): node 1
   * in the launcher's JVM (embedded PostgreSQL, dev credentials), nodes 2..N child JVMs with node 1's -D options,
   * on each base port + i - 1, logs in {@code <home>/node-i/node.log}.
   */
  static Node start(Path jar, Path home, Path log, Ports ports, int nodes, List<String> jvmOptions, Duration timeout) throws Exception {
    List<String> command = JarProcess.java(jvmOptions);
    command.addAll(List.of(
        "-Dsymphony.rails.simulator.airtel.port=0",
        "-Dsymphony.rails.simulator.rtgs.port=0",
        "-Dkamon.metric.tick-interval=1s",
        "-jar", jar.toString(), "run"));
    if (nodes > 1) command.addAll(List.of("--profile", "local", "--nodes", Integer.toString(nodes)));
    command.addAll(List.of(
        "--home", home.toString(),
        "--edge-port", Integer.toString(ports.edge()),
        "--management-port", Integer.toString(ports.management()),
        "--mtn-sim-port", Integer.toString(ports.mtnSim()),
        "--remote-port", Integer.toString(ports.remote()),
        "--metrics-port", Integer.toString(ports.metrics())));
    Process process = JarProcess.start(command, log);
    String banner = nodes > 1 ? CLUSTER_BANNER : BANNER;
    JarProcess.awaitUp(process, log, "node", timeout, output -> output.contains(banner) ? Optional.of(true) : Optional.empty());
    JsonNode dev = new ObjectMapper().readTree(home.resolve("dev.json").toFile());
    return new Node(process, log, ports, nodes, dev);
  }

  long pid() {
    return process.pid();
  }

  String edgeUrl() {
    return dev.get("edge_url").asText();
  }

  /** Every node's edge, node 1 first (dev.json's edge_urls, which the launcher rewrites for a cluster). */
  List<String> edgeUrls() {
    List<String> urls = new ArrayList<>();
    dev.path("edge_urls").forEach(u -> urls.add(u.asText()));
    if (urls.size() != nodes) throw new IllegalStateException("dev.json lists " + urls.size() + " edges for " + nodes + " node(s): " + urls);
    return urls;
  }

  /** All nodes' metrics, scraped now. */
  Scrape scrape() throws Exception {
    return Scrape.of(metricsUrls);
  }

  /** SIGKILL: no shutdown hook, nothing flushed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * SIGTERM: coordinated shutdown (a launcher stops its children first). Then no JVM of ours may be left: any
   * descendant still running once the launcher is gone (and has had time to follow it) is killed.
   */
  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> descendants = process.descendants().toList();
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) kill();
    }
    long deadline = System.nanoTime() + CHILDREN_STOP_TIMEOUT.toNanos();
    for (ProcessHandle child : descendants) {
      try {
        child.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        Bench.log("node JVM " + child.pid() + " outlived its launcher: killed");
        child.destroyForcibly();
      }
    }
  }

  Path log() {
    return log;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
