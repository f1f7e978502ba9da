package org.symphony.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RateStepsTest {

  private static OpenLoad.StepResult step(double offered, long accepted, long refused, long p99Millis) {
    Histogram h = new Histogram(3);
    for (int i = 0; i < 100; i++) h.recordValue(i < 98 ? 1_000_000 : p99Millis * 1_000_000);
    return new OpenLoad.StepResult(offered, 10, (long) (offered * 10), accepted, 0, refused, 0, 0, 0, h);
  }

  @Test
  void ratesGrowGeometricallyAndEndAtTheMax() {
    assertEquals(List.of(50.0, 100.0, 200.0, 400.0, 500.0), new RateSteps(50, 2, 500, 1000).rates());
    assertEquals(List.of(100.0), new RateSteps(100, 2, 100, 1000).rates());
  }

  @Test
  void aStepIsSaturatedWhenTheServerFallsBehindRefusesOrIsSlow() {
    RateSteps steps = new RateSteps(50, 2, 800, 1000);
    assertFalse(steps.saturated(step(100, 1000, 0, 50)));
    assertTrue(steps.saturated(step(100, 800, 0, 50)), "accepted < 90% of offered");
    assertTrue(steps.saturated(step(100, 990, 10, 50)), "1% refused");
    assertTrue(steps.saturated(step(100, 1000, 0, 2000)), "p99 over the bound");
  }

  @Test
  void theMaximumIsTheBestAcceptedRate() {
    assertEquals(95.0, RateSteps.maxAccepted(List.of(step(50, 500, 0, 5), step(100, 950, 0, 5), step(200, 900, 50, 5))), 1e-9);
  }
}
