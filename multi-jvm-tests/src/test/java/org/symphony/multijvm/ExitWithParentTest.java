package org.symphony.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --exit-with-parent}, what keeps a local cluster's child nodes, and a test's nodes and rail simulators, from
 * outliving a parent that died without running its hooks: when the child's stdin closes (the parent is gone), it stops
 * gracefully by itself, exit code 3, and takes its embedded PostgreSQL with it.
 */
class ExitWithParentTest {

  private static final Duration UP = Duration.ofSeconds(180);
  private static final Duration GONE = Duration.ofSeconds(90);
  private static final int PARENT_GONE = 3;

  @TempDir Path home;
  private Process child;

  @AfterEach
  void cleanUp() {
    if (child != null && child.isAlive()) child.destroyForcibly();
    NodeProcess.processesUsing(home).forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void aNodeStopsWhenItsParentsPipeCloses() throws Exception {
    NodeProcess.Ports ports = NodeProcess.Ports.free();
    startWatched(List.of("run", "--home", home.resolve("node").toString(),
        "--edge-port", Integer.toString(ports.edge()), "--management-port", Integer.toString(ports.management()),
        "--mtn-sim-port", Integer.toString(ports.mtnSim()), "--remote-port", Integer.toString(ports.remote()),
        "--metrics-port", "0"));
    assertStopsWhenThePipeCloses();
  }

  @Test
  void aRailSimulatorStopsWhenItsParentsPipeCloses() throws Exception {
    startWatched(List.of("rail-sim", "--rail", "mtn", "--port", "0", "--data-dir", home.resolve("mtn").toString()));
    assertStopsWhenThePipeCloses();
  }

  /** {@code org.symphony.node.Main mainArguments --exit-with-parent}, up when it printed its banner. */
  private void startWatched(List<String> mainArguments) throws IOException {
    Path log = log();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", NodeClasspath.snapshot(home.resolve("classpath")),
        "-Dlogback.configurationFile=node-logback.xml",
        "-Dsymphony.rails.simulator.airtel.port=0", "-Dsymphony.rails.simulator.rtgs.port=0",
        "org.symphony.node.Main"));
    command.addAll(mainArguments);
    command.add("--exit-with-parent");
    child = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    Await.until(mainArguments.get(0) + " prints its banner", UP, () -> {
      if (read(log).contains(NodeProcess.BANNER)) return true;
      if (!child.isAlive()) throw new AssertionError("exited with " + child.exitValue() + ":\n" + read(log));
      return false;
    }, () -> read(log));
  }

  private void assertStopsWhenThePipeCloses() throws Exception {
    child.getOutputStream().close(); // what the kernel does to the pipe when the parent dies
    child.waitFor(GONE.toSeconds(), TimeUnit.SECONDS);
    assertEquals(false, child.isAlive(), "the child outlived its parent's pipe:\n" + read(log()));
    assertEquals(PARENT_GONE, child.exitValue(), read(log()));
    Await.until("no process uses " + home, Duration.ofSeconds(30), () -> NodeProcess.processesUsing(home).isEmpty(),
        () -> NodeProcess.describe(NodeProcess.processesUsing(home)));
  }

  private Path log() {
    return home.resolve("child.log");
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
