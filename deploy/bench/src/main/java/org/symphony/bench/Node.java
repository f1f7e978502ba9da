package org.symphony.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real node, {@code java -jar deploy/target/symphony.jar run}, in a home of its own, on free ports. */
final class Node implements AutoCloseable {

  static final String BANNER = "Symphony node is up.";

  private final Process process;
  private final Path log;
  final Ports ports;
  final JsonNode dev;
  final String metricsUrl;

  private Node(Process process, Path log, Ports ports, JsonNode dev, String metricsUrl) {
    this.process = process;
    this.log = log;
    this.ports = ports;
    this.dev = dev;
    this.metricsUrl = metricsUrl;
  }

  record Ports(int edge, int management, int mtnSim, int remote, int metrics) {
    static Ports free() throws IOException {
      return new Ports(freePort(), freePort(), freePort(), freePort(), freePort());
    }
  }

  static Node start(Path jar, Path home, Path log, Ports ports, List<String> jvmOptions, Duration timeout) throws Exception {
    List<String> command = new ArrayList<>(List.of("nice", "-n", "10", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of(
        "-Dsymphony.rails.simulator.airtel.port=0",
        "-Dsymphony.rails.simulator.rtgs.port=0",
        "-Dkamon.metric.tick-interval=1s",
        "-jar", jar.toString(), "run",
        "--home", home.toString(),
        "--edge-port", Integer.toString(ports.edge()),
        "--management-port", Integer.toString(ports.management()),
        "--mtn-sim-port", Integer.toString(ports.mtnSim()),
        "--remote-port", Integer.toString(ports.remote()),
        "--metrics-port", Integer.toString(ports.metrics())));
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.readString(log).contains(BANNER)) {
      if (!process.isAlive()) throw new IllegalStateException("node exited with " + process.exitValue() + " before it was up; see " + log);
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("node not up within " + timeout + "; see " + log);
      }
      Thread.sleep(200); // polling a log file for a banner; nothing to wait on
    }
    JsonNode dev = new ObjectMapper().readTree(home.resolve("dev.json").toFile());
    return new Node(process, log, ports, dev, "http://127.0.0.1:" + ports.metrics() + "/metrics");
  }

  long pid() {
    return process.pid();
  }

  String edgeUrl() {
    return dev.get("edge_url").asText();
  }

  /** SIGKILL: no shutdown hook, nothing flushed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) return;
    process.destroy(); // SIGTERM: coordinated shutdown
    if (!process.waitFor(60, TimeUnit.SECONDS)) kill();
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
