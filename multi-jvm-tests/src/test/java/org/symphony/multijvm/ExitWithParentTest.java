package org.symphony.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --exit-with-parent}, what keeps a local cluster's child nodes from outliving a launcher that died without
 * running its hooks: when the node's stdin closes (the parent is gone), the node stops gracefully by itself, exit code 3,
 * and takes its embedded PostgreSQL with it.
 */
class ExitWithParentTest {

  private static final Duration UP = Duration.ofSeconds(180);
  private static final Duration GONE = Duration.ofSeconds(90);

  @TempDir Path home;
  private Process node;

  @AfterEach
  void cleanUp() {
    if (node != null && node.isAlive()) node.destroyForcibly();
    NodeProcess.processesUsing(home).forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void aNodeStopsWhenItsParentsPipeCloses() throws Exception {
    Path log = home.resolve("node.log");
    NodeProcess.Ports ports = NodeProcess.Ports.free();
    node = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
            "-cp", NodeClasspath.snapshot(home.resolve("classpath")),
            "-Dlogback.configurationFile=node-logback.xml",
            "-Dsymphony.rails.simulator.airtel.port=0", "-Dsymphony.rails.simulator.rtgs.port=0",
            "org.symphony.node.Main", "run", "--home", home.resolve("node").toString(),
            "--edge-port", Integer.toString(ports.edge()), "--management-port", Integer.toString(ports.management()),
            "--mtn-sim-port", Integer.toString(ports.mtnSim()), "--remote-port", Integer.toString(ports.remote()),
            "--metrics-port", "0", "--exit-with-parent"))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    Await.until("the node prints its banner", UP, () -> {
      if (read(log).contains(NodeProcess.BANNER)) return true;
      if (!node.isAlive()) throw new AssertionError("exited with " + node.exitValue() + ":\n" + read(log));
      return false;
    }, () -> read(log));

    node.getOutputStream().close(); // what the kernel does to the pipe when the parent dies
    node.waitFor(GONE.toSeconds(), TimeUnit.SECONDS);
    assertEquals(false, node.isAlive(), "the node outlived its parent's pipe:\n" + read(log));
    assertEquals(3, node.exitValue(), read(log));
    Await.until("no process uses " + home, Duration.ofSeconds(30), () -> NodeProcess.processesUsing(home).isEmpty(),
        () -> NodeProcess.describe(NodeProcess.processesUsing(home)));
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
