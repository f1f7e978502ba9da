package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RailSimCommandTest {

  private static RailSimCommand parsed(String... args) {
    RailSimCommand command = new RailSimCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void allRunsTheThreeRailsEachOnItsPortWithItsOwnLedgerDirectory() {
    var o = parsed("--rail", "all", "--mtn-port", "0", "--airtel-port", "7002", "--data-dir", "/tmp/sims").overrides();
    assertEquals(0, o.get("symphony.rails.simulator.mtn.port"));
    assertEquals(7002, o.get("symphony.rails.simulator.airtel.port"));
    assertFalse(o.containsKey("symphony.rails.simulator.rtgs.port"), "the RTGS keeps its default port (9103)");
    assertEquals(Path.of("/tmp/sims", "mtn").toString(), o.get("symphony.rails.simulator.mtn.data-dir"));
    assertEquals(Path.of("/tmp/sims", "rtgs").toString(), o.get("symphony.rails.simulator.rtgs.data-dir"));
  }

  @Test
  void aFaultSeedReachesEverySimulatorOfTheProcess() {
    assertEquals(42L, parsed("--rail", "all", "--fault-seed", "42").overrides().get("symphony.rails.simulator.fault-seed"));
    assertFalse(parsed("--rail", "mtn").overrides().containsKey("symphony.rails.simulator.fault-seed"), "the configured one");
  }

  @Test
  void aSingleRailKeepsItsPortAndDataDirectory() {
    var o = parsed("--rail", "airtel", "--port", "0", "--data-dir", "/tmp/airtel").overrides();
    assertEquals(0, o.get("symphony.rails.simulator.airtel.port"));
    assertEquals("/tmp/airtel", o.get("symphony.rails.simulator.airtel.data-dir"));
    assertFalse(o.containsKey("symphony.rails.simulator.mtn.port"));
  }

  @Test
  void portOptionsThatDoNotFitTheRailAreRefusedInOneLine() {
    CommandRun perRailPortWithSingle = CommandRun.of("rail-sim", "--rail", "mtn", "--mtn-port", "0");
    assertEquals(RunCommand.REFUSED, perRailPortWithSingle.exit());
    assertTrue(perRailPortWithSingle.oneErrorLine(), perRailPortWithSingle.err());
    CommandRun portWithAll = CommandRun.of("rail-sim", "--rail", "all", "--port", "0");
    assertEquals(RunCommand.REFUSED, portWithAll.exit());
    assertTrue(portWithAll.oneErrorLine(), portWithAll.err());
  }
}
