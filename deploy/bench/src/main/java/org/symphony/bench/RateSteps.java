package org.symphony.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The rates of the saturation search: from start, multiplied by factor each step, up to max; the search
 * stops at the first saturated step (the server no longer keeps up with the offered rate).
 */
record RateSteps(double start, double factor, double max, double maxP99Millis) {

  RateSteps {
    if (!(start > 0) || !(factor > 1) || max < start) throw new IllegalArgumentException("need 0 < start <= max and factor > 1");
  }

  List<Double> rates() {
    List<Double> rates = new ArrayList<>();
    for (double r = start; r <= max * 1.0001; r *= factor) rates.add(Math.rint(r));
    if (rates.get(rates.size() - 1) < max) rates.add(max);
    return rates;
  }

  /**
   * Saturated: less than 90% of the offered rate was accepted, or 1% or more was refused (503) or failed or
   * not even sent, or the p99 accept latency passed the bound.
   */
  boolean saturated(OpenLoad.StepResult r) {
    double answered = r.acceptedPerSecond();
    long bad = r.refused() + r.errors() + r.notSent() + r.unfinished();
    return answered < 0.9 * r.offeredPerSecond()
        || bad >= Math.max(1, 0.01 * r.due())
        || r.percentileMillis(99) > maxP99Millis;
  }

  /** The best sustained rate: the highest accepted rate among the steps. */
  static double maxAccepted(List<OpenLoad.StepResult> steps) {
    return steps.stream().mapToDouble(OpenLoad.StepResult::acceptedPerSecond).max().orElse(0);
  }
}
