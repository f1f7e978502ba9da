package org.symphony.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RateStepsTest {

  private static final RateSteps STEPS = new RateSteps(50, 2, 800, 1000);

  /** A 10-second step: offered/s, accepted and refused counts, p99 in ms, settled/s. */
  private static RateSteps.Step step(double offered, long accepted, long refused, long p99Millis, double settledPerSecond) {
    Histogram h = new Histogram(3);
    for (int i = 0; i < 100; i++) h.recordValue(i < 98 ? 1_000_000 : p99Millis * 1_000_000);
    return new RateSteps.Step(new OpenLoad.StepResult(offered, 10, (long) (offered * 10), accepted, 0, refused, 0, 0, 0, h, new long[10]), settledPerSecond);
  }

  @Test
  void ratesGrowGeometricallyAndEndAtTheMax() {
    assertEquals(List.of(50.0, 100.0, 200.0, 400.0, 500.0), new RateSteps(50, 2, 500, 1000).rates());
    assertEquals(List.of(100.0), new RateSteps(100, 2, 100, 1000).rates());
  }

  @Test
  void aStepThatAcceptsAndSettlesWhatIsOfferedIsNotSaturated() {
    assertFalse(STEPS.saturated(step(100, 1000, 0, 50, 100)));
    assertFalse(STEPS.saturated(step(100, 1000, 0, 50, 91)), "settled at 91% of accepted keeps up");
  }

  @Test
  void aStepIsSaturatedWhenTheServerFallsBehindRefusesOrIsSlow() {
    assertTrue(STEPS.saturated(step(100, 800, 0, 50, 80)), "accepted < 90% of offered");
    assertTrue(STEPS.saturated(step(100, 990, 10, 50, 99)), "1% refused");
    assertTrue(STEPS.saturated(step(100, 1000, 0, 2000, 100)), "p99 over the bound");
  }

  @Test
  void aStepThatAcceptsButDoesNotSettleIsSaturated() {
    // The case: 427/s offered and accepted, 160/s settled: a backlog growing by ~270 a second.
    assertTrue(STEPS.saturated(step(427, 4270, 0, 50, 160)));
    assertTrue(STEPS.saturated(step(100, 1000, 0, 50, 89)), "settled < 90% of accepted");
    assertTrue(STEPS.saturated(step(100, 1000, 0, 50, Double.NaN)), "settled not measured is not a pass");
  }

  @Test
  void theMaximumIsTheBestStepThatIsNotSaturated() {
    var ok50 = step(50, 500, 0, 5, 50);
    var ok100 = step(100, 950, 0, 5, 94);
    var acceptedNotSettled = step(427, 4270, 0, 5, 160);
    var refusing = step(200, 1900, 50, 5, 190);
    var best = STEPS.best(List.of(ok50, ok100, acceptedNotSettled, refusing));
    assertSame(ok100, best.orElseThrow());
    assertEquals(95.0, best.get().load().acceptedPerSecond(), 1e-9);
    assertEquals(94.0, best.get().settledPerSecond(), 1e-9);
    assertTrue(STEPS.best(List.of(acceptedNotSettled, refusing)).isEmpty(), "no max when every step is saturated");
  }

  @Test
  void settledPerSecondCountsEveryInstructionOfTheStepThatSettledWithinTheDelay() {
    // 30 s at 62/s, every instruction settled about 1 s after acceptance, the delay 5 s: all 1,860 settled.
    assertEquals(62.0, RateSteps.settledPerSecond(10_000, 11_860, 30), 1e-9);
    // A backlog: only 1,400 of them settled by the end of the delay.
    assertEquals(1400 / 30.0, RateSteps.settledPerSecond(10_000, 11_400, 30), 1e-9);
    assertTrue(Double.isNaN(RateSteps.settledPerSecond(0, 10, 0)));
  }
}
