package org.symphony.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One Symphony node in a JVM of its own ({@code org.symphony.node.Main run}), with the test's classpath (its SNAPSHOT
 * jars pinned by {@link NodeClasspath}). Its stdout and stderr go to a log file. A shutdown hook of the test JVM stops
 * it if the test JVM exits while it runs, and the node's own {@code --exit-with-parent} watchdog stops it if the test
 * JVM dies without running hooks.
 */
final class NodeProcess {

  static final String BANNER = "Stop with Ctrl-C.";
  private static final String MAIN = "org.symphony.node.Main";
  /** {@code run} and {@code rail-sim}: stop when stdin closes, i.e. when the test JVM is gone, even SIGKILLed. */
  private static final String EXIT_WITH_PARENT = "--exit-with-parent";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The four ports a node listens on. */
  record Ports(int edge, int management, int mtnSim, int remote) {

    /** Four distinct ports that were free a moment ago (all bound at once, then released). */
    static Ports free() throws IOException {
      try (ServerSocket a = new ServerSocket(0);
          ServerSocket b = new ServerSocket(0);
          ServerSocket c = new ServerSocket(0);
          ServerSocket d = new ServerSocket(0)) {
        return new Ports(a.getLocalPort(), b.getLocalPort(), c.getLocalPort(), d.getLocalPort());
      }
    }

    /** Ports for {@code nodes} nodes, all distinct (every socket bound at once, then released). */
    static List<Ports> free(int nodes) throws IOException {
      List<ServerSocket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < 4 * nodes; i++) sockets.add(new ServerSocket(0));
        List<Ports> ports = new ArrayList<>();
        for (int i = 0; i < nodes; i++)
          ports.add(
              new Ports(
                  sockets.get(4 * i).getLocalPort(),
                  sockets.get(4 * i + 1).getLocalPort(),
                  sockets.get(4 * i + 2).getLocalPort(),
                  sockets.get(4 * i + 3).getLocalPort()));
        return ports;
      } finally {
        for (ServerSocket s : sockets) s.close();
      }
    }
  }

  private final String name;
  private final Path home;
  private final Path log;
  private final Process process;
  private final Thread shutdownHook;

  private NodeProcess(String name, Path home, Path log, Process process) {
    this.name = name;
    this.home = home;
    this.log = log;
    this.process = process;
    this.shutdownHook = new Thread(this::stopOnTestJvmExit, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a node on {@code home} and waits until it printed {@value #BANNER}. Fails with the tail of its log if the
   * process ends first or the deadline passes (and then stops it).
   */
  static NodeProcess start(
      String name, Path home, Ports ports, Map<String, String> systemProperties, Path logDir, Duration deadline)
      throws IOException {
    return start(name, home, ports, systemProperties, Map.of(), logDir, deadline);
  }

  /**
   * As {@link #start(String, Path, Ports, Map, Path, Duration)}, with {@code environment} added to the node's
   * environment (e.g. {@code SYMPHONY_DB_URL} for a node that uses another node's database).
   */
  static NodeProcess start(
      String name,
      Path home,
      Ports ports,
      Map<String, String> systemProperties,
      Map<String, String> environment,
      Path logDir,
      Duration deadline)
      throws IOException {
    Map<String, String> props = new java.util.LinkedHashMap<>();
    // The Airtel and RTGS simulators on free ports too, so node JVMs never collide with each other or a dev node.
    props.put("symphony.rails.simulator.airtel.port", "0");
    props.put("symphony.rails.simulator.rtgs.port", "0");
    props.put("symphony.metrics.port", "0");
    props.putAll(systemProperties);
    return launch(name, home, List.of(), List.of(), props, runArguments(home, ports), environment, logDir, deadline);
  }

  /** {@code run --home … --edge-port …}: the node's own arguments for {@code ports}. */
  static List<String> runArguments(Path home, Ports ports) {
    return List.of(
        "run",
        "--home", home.toString(),
        "--edge-port", Integer.toString(ports.edge()),
        "--management-port", Integer.toString(ports.management()),
        "--mtn-sim-port", Integer.toString(ports.mtnSim()),
        "--remote-port", Integer.toString(ports.remote()));
  }

  /**
   * Starts {@code org.symphony.node.Main mainArguments --exit-with-parent} (a node, or e.g. {@code rail-sim}: every
   * child stops when the test JVM is gone) in a JVM of its own, its command line behind {@code commandPrefix} (e.g. {@code ip netns exec NS}, which execs the JVM in place: the
   * process is the JVM), with {@code jvmOptions} (e.g. -XX flags) before the system properties, and waits until it
   * printed {@value #BANNER}. Fails with the tail of its log if the process
   * ends first or the deadline passes (and then stops it).
   */
  static NodeProcess launch(
      String name,
      Path home,
      List<String> commandPrefix,
      List<String> jvmOptions,
      Map<String, String> systemProperties,
      List<String> mainArguments,
      Map<String, String> environment,
      Path logDir,
      Duration deadline)
      throws IOException {
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    List<String> command = new ArrayList<>(commandPrefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(NodeClasspath.snapshot(logDir.resolve("classpath")));
    command.add("-Dlogback.configurationFile=node-logback.xml");
    systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add(MAIN);
    command.addAll(mainArguments);
    command.add(EXIT_WITH_PARENT);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    // A restarted node appends to the same log: only a banner printed after this start counts.
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    Process process = builder.start(); // stdin stays a pipe: the child's --exit-with-parent watchdog on the other end
    NodeProcess node = new NodeProcess(name, home, log, process);
    try {
      Await.until(
          name + " prints '" + BANNER + "'",
          deadline,
          () -> {
            if (node.logTextFrom(logStart).contains(BANNER)) return true;
            if (!process.isAlive())
              throw new AssertionError(
                  name + " exited with " + process.exitValue() + " before it was up; log " + log + ":\n" + node.logTail(60));
            return false;
          },
          () -> "log " + log + ":\n" + node.logTail(60));
    } catch (AssertionError e) {
      node.kill();
      throw e;
    }
    return node;
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** {@code home/dev.json} as this node wrote it. */
  JsonNode devJson() throws IOException {
    return JSON.readTree(home.resolve("dev.json").toFile());
  }

  /**
   * The embedded database's superuser and password, from the owner-only {@code home/pg-credentials.properties}: what
   * a test needs to hold or tamper with tables the node's own role (dev.json's db_user) may only append to.
   */
  java.util.Properties superuserCredentials() throws IOException {
    java.util.Properties credentials = new java.util.Properties();
    try (var in = Files.newBufferedReader(home.resolve("pg-credentials.properties"))) {
      credentials.load(in);
    }
    return credentials;
  }

  /**
   * The server key this node hashes client secrets under (generated into its home): every node of a cluster must use
   * the same one, as production sets SYMPHONY_CLIENT_SECRET_KEY on each.
   */
  String clientSecretKey() throws IOException {
    return Files.readString(home.resolve("client-secret.key")).strip();
  }

  /** A new connection to this node's embedded database as its superuser (see {@link #superuserCredentials()}). */
  java.sql.Connection superuser() throws IOException, java.sql.SQLException {
    java.util.Properties credentials = superuserCredentials();
    return java.sql.DriverManager.getConnection(
        devJson().get("db_url").asText(), credentials.getProperty("owner.user"), credentials.getProperty("owner.password"));
  }

  /** SIGKILL (on Linux): no shutdown hook, no graceful stop; the embedded PostgreSQL is left running. */
  void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(30));
    removeHook();
  }

  /**
   * SIGTERM, then waits up to {@code deadline} for the node's graceful stop; SIGKILL if that does not happen.
   *
   * @return true if the node stopped by itself, false if it had to be killed
   */
  boolean stop(Duration deadline) {
    boolean graceful = true;
    if (process.isAlive()) {
      // SIGTERM through the handle: Process.destroy() would also close the node's stdin, which its
      // --exit-with-parent watchdog reads as "the test JVM is gone" and races the signal with a System.exit of its own.
      process.toHandle().destroy();
      graceful = waitForExit(deadline);
      if (!graceful) {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
      }
    }
    removeHook();
    return graceful;
  }

  int exitValue() {
    return process.exitValue();
  }

  private String logTextFrom(long offset) throws IOException {
    if (!Files.exists(log)) return "";
    byte[] all = Files.readAllBytes(log);
    int from = (int) Math.min(offset, all.length);
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }

  String logText() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  String logTail(int lines) {
    try {
      List<String> all = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e + ")";
    }
  }

  /** Processes (other than the test JVM) whose command line names {@code dir}: a node JVM, an embedded postmaster. */
  static List<ProcessHandle> processesUsing(Path dir) {
    String needle = dir.toAbsolutePath().toString();
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self)
        .filter(p -> p.info().commandLine().map(c -> c.contains(needle)).orElse(false))
        .collect(Collectors.toList());
  }

  static String describe(List<ProcessHandle> processes) {
    return processes.stream()
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
        .collect(Collectors.joining("\n  ", "  ", ""));
  }

  private boolean waitForExit(Duration deadline) {
    try {
      return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void stopOnTestJvmExit() {
    if (!process.isAlive()) return;
    System.err.println("test JVM exiting: stopping " + name + " (pid " + process.pid() + ")");
    process.toHandle().destroy();
    if (!waitForExit(Duration.ofSeconds(60))) process.destroyForcibly();
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to
    }
  }
}
