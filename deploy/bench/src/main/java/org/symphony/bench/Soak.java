package org.symphony.bench;

import java.util.List;

/**
 * The heap soak's judgement: heap used after a forced full GC, sampled every so many instructions. The first
 * samples are warm-up (caches, JIT, pools filling); after them the heap must stay flat: the last sample at
 * most 10% above the first sample after warm-up.
 */
final class Soak {

  static final double FLAT_FACTOR = 1.1;

  /** Heap used after a full GC, after this many soak instructions had been submitted. */
  record Sample(long instructions, double heapMiB) {}

  /** maxAfterWarmUp and flat are NaN / false when no sample follows the warm-up. */
  record Summary(List<Sample> samples, int warmUpSamples, double firstAfterWarmUpMiB, double maxAfterWarmUpMiB, double lastMiB, boolean flat) {}

  private Soak() {}

  static Summary judge(List<Sample> samples, int warmUpSamples) {
    List<Sample> after = samples.subList(Math.min(Math.max(0, warmUpSamples), samples.size()), samples.size());
    if (after.isEmpty()) return new Summary(List.copyOf(samples), warmUpSamples, Double.NaN, Double.NaN, Double.NaN, false);
    double first = after.get(0).heapMiB(), last = after.get(after.size() - 1).heapMiB();
    double max = after.stream().mapToDouble(Sample::heapMiB).max().orElseThrow();
    return new Summary(List.copyOf(samples), warmUpSamples, first, max, last, last <= FLAT_FACTOR * first);
  }
}
