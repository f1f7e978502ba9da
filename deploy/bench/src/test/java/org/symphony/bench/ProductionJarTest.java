package org.symphony.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The production jar leaves the rail simulators out (a production node does not host its rails); the development
 * jar carries them. Both are built by the deploy module, which runs before this one.
 */
class ProductionJarTest {

  private static final Path TARGET = Path.of("..", "target").toAbsolutePath().normalize();
  private static final String SIMULATORS = "org/symphony/rails/sim/";
  private static final String PROVIDER = "META-INF/services/org.symphony.engine.rail.RailSimulators";

  @Test
  void theProductionJarCarriesNoSimulatorAndTheDevelopmentJarDoes() throws Exception {
    try (JarFile production = new JarFile(TARGET.resolve("symphony-node.jar").toFile());
        JarFile development = new JarFile(TARGET.resolve("symphony.jar").toFile())) {
      assertNotNull(production.getEntry("org/symphony/node/Main.class"), "the production jar is the node");
      assertTrue(production.stream().noneMatch(e -> e.getName().startsWith(SIMULATORS)), "no simulator class");
      assertNull(production.getEntry(PROVIDER), "no simulator provider");
      assertTrue(development.stream().anyMatch(e -> e.getName().startsWith(SIMULATORS)));
      assertNotNull(development.getEntry(PROVIDER));
    }
  }

  @Test
  void railSimFromTheProductionJarIsRefusedWithAReason() throws Exception {
    Path log = Files.createTempFile("rail-sim", ".log");
    Process process = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
            TARGET.resolve("symphony-node.jar").toString(), "rail-sim", "--rail", "mtn", "--port", "0"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      assertTrue(process.waitFor(2, TimeUnit.MINUTES), "rail-sim did not exit");
      assertEquals(2, process.exitValue(), "refused");
      assertTrue(Files.readString(log, StandardCharsets.UTF_8).contains("carries no rail simulators"));
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }
}
