package org.symphony.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rates of the saturation search: from start, multiplied by factor each step, up to max; the search
 * stops at the first saturated step (the server no longer keeps up with the offered rate, or no longer
 * settles what it accepts).
 */
record RateSteps(double start, double factor, double max, double maxP99Millis) {

  /** Below this share of the offered rate accepted, or of the accepted rate settled, the step is saturated. */
  static final double KEEPS_UP = 0.9;

  RateSteps {
    if (!(start > 0) || !(factor > 1) || max < start) throw new IllegalArgumentException("need 0 < start <= max and factor > 1");
  }

  /** One measured step: its load, and the rate its instructions settled at (counted after the settlement delay). */
  record Step(OpenLoad.StepResult load, double settledPerSecond) {}

  List<Double> rates() {
    List<Double> rates = new ArrayList<>();
    for (double r = start; r <= max * 1.0001; r *= factor) rates.add(Math.rint(r));
    if (rates.get(rates.size() - 1) < max) rates.add(max);
    return rates;
  }

  /**
   * Saturated: less than 90% of the offered rate was accepted, or 1% or more was refused (503) or failed or
   * not even sent, or the p99 accept latency passed the bound, or less than 90% of the accepted rate settled
   * (a backlog growing: accepting is not keeping up).
   */
  boolean saturated(Step s) {
    OpenLoad.StepResult r = s.load();
    double answered = r.acceptedPerSecond();
    long bad = r.refused() + r.errors() + r.notSent() + r.unfinished();
    return answered < KEEPS_UP * r.offeredPerSecond()
        || bad >= Math.max(1, 0.01 * r.due())
        || r.percentileMillis(99) > maxP99Millis
        || !(s.settledPerSecond() >= KEEPS_UP * answered);
  }

  /** The best sustained step: the highest accepted rate among the steps that are not saturated; none if all are. */
  Optional<Step> best(List<Step> steps) {
    return steps.stream().filter(s -> !saturated(s)).max(Comparator.comparingDouble(s -> s.load().acceptedPerSecond()));
  }

  /**
   * Settled per second of a step: everything that settled from the step's start until the end of the settlement delay
   * that follows it, over the step's length. The delay before every step lets the previous one settle, so this counts
   * the step's own instructions that settled within the delay; a backlog that needs longer shows as settled < accepted.
   * (A window of the step's length shifted by the delay, the first version, missed the instructions that settle
   * faster than the delay: at 62/s with ~1 s settlement it read 54.9/s and judged a healthy step saturated.)
   */
  static double settledPerSecond(double settledAtStart, double settledAfterDelay, double loadSeconds) {
    return loadSeconds > 0 ? (settledAfterDelay - settledAtStart) / loadSeconds : Double.NaN;
  }
}
