package org.symphony.bench;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void oneNodeByDefault() {
    assertEquals(1, Bench.Options.parse(new String[0]).nodes());
  }

  @Test
  void severalNodesRunTheRateStepsOnly() {
    assertEquals(2, Bench.Options.parse(new String[] {"--nodes=2", "--phases=steps"}).nodes());
    var refused = assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse(new String[] {"--nodes=2"}));
    assertTrue(refused.getMessage().contains("--phases=steps"), refused.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse(new String[] {"--nodes=0", "--phases=steps"}));
  }

  @Test
  void theSoakPhaseAloneNeedsItsRateAndCount() {
    var o = Bench.Options.parse(new String[] {"--phases=soak", "--soak-rate=191", "--soak-instructions=1000000"});
    assertTrue(o.soakOnly());
    assertFalse(o.stepsOnly() || o.recoveryOnly());
    assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse(new String[] {"--phases=soak", "--soak-instructions=10"}));
    assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse(new String[] {"--phases=soak", "--soak-rate=10"}));
  }

  @Test
  void theScenariosHaveAnUnmeasuredLeadInAfterTheOverloadOfTheLastStep() {
    assertEquals(60, Bench.Options.parse(new String[0]).scenarioLeadInSeconds());
    assertEquals(0, Bench.Options.parse(new String[] {"--scenario-lead-in-seconds=0"}).scenarioLeadInSeconds());
    assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse(new String[] {"--scenario-lead-in-seconds=-1"}));
  }

  @Test
  void theNodeRunsTheSmallBoxJvmByDefaultAndAnEmptyOptionGivesTheJvmDefaults() {
    assertEquals(java.util.List.of("-XX:TieredStopAtLevel=1", "-XX:+UseParallelGC"), Bench.Options.parse(new String[0]).nodeOptions());
    assertEquals(java.util.List.of(), Bench.Options.parse(new String[] {"--node-options="}).nodeOptions());
    assertEquals(java.util.List.of("-XX:+UseSerialGC"), Bench.Options.parse(new String[] {"--node-options=-XX:+UseSerialGC"}).nodeOptions());
  }
}
