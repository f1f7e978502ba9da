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
}
