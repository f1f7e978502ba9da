package org.symphony.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open-model load: requests are due at a constant rate whatever the server does, and each latency is
 * measured from the request's intended send time, not from when it actually left. A server (or a client)
 * that stalls therefore shows its stall in every request that was due during it: the correction for
 * coordinated omission. Requests that cannot even be started because maxOutstanding are already waiting are
 * counted as not sent (the generator, not the server, is then the limit, and the step says so).
 */
final class OpenLoad {

  enum Outcome { ACCEPTED, REPLAYED, REFUSED, ERROR }

  /** Time as the generator sees it: the system's monotonic clock, or a hand-moved one in tests. */
  interface Ticker {
    long nanoTime();

    void parkNanos(long nanos);

    Ticker SYSTEM = new Ticker() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void parkNanos(long nanos) {
        LockSupport.parkNanos(nanos);
      }
    };
  }

  /** Sends request number seq; the stage completes with how it was answered. May block (a closed client). */
  interface Sender {
    CompletableFuture<Outcome> send(long seq);
  }

  record StepResult(
      double offeredPerSecond,
      double elapsedSeconds,
      long due,
      long accepted,
      long replayed,
      long refused,
      long errors,
      long notSent,
      long unfinished,
      Histogram acceptLatencyNanos,
      long[] worstMillisBySecond) {

    double acceptedPerSecond() {
      return (accepted + replayed) / elapsedSeconds;
    }

    double percentileMillis(double p) {
      return acceptLatencyNanos.getTotalCount() == 0 ? Double.NaN : acceptLatencyNanos.getValueAtPercentile(p) / 1e6;
    }
  }

  private static final long MAX_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(10);

  private OpenLoad() {}

  private static long[] millis(AtomicLongArray nanos) {
    long[] ms = new long[nanos.length()];
    for (int i = 0; i < ms.length; i++) ms[i] = TimeUnit.NANOSECONDS.toMillis(nanos.get(i));
    return ms;
  }

  static StepResult run(double ratePerSecond, Duration duration, int maxOutstanding, Duration drainTimeout, long firstSeq, Sender sender) {
    return run(ratePerSecond, duration, maxOutstanding, drainTimeout, firstSeq, sender, Ticker.SYSTEM);
  }

  static StepResult run(
      double ratePerSecond, Duration duration, int maxOutstanding, Duration drainTimeout, long firstSeq, Sender sender, Ticker clock) {
    if (!(ratePerSecond > 0)) throw new IllegalArgumentException("rate must be > 0: " + ratePerSecond);
    Recorder latencies = new Recorder(MAX_TRACKABLE_NANOS, 3);
    // The worst answer of the requests due in each second: shows whether a tail is one stall or spread out.
    AtomicLongArray worstBySecond = new AtomicLongArray((int) Math.max(1, Math.ceil(duration.toNanos() / 1e9)));
    LongAdder accepted = new LongAdder(), replayed = new LongAdder(), refused = new LongAdder(), errors = new LongAdder();
    AtomicInteger outstanding = new AtomicInteger();
    long notSent = 0, due = 0;
    double intervalNanos = 1e9 / ratePerSecond;
    long start = clock.nanoTime();
    long end = start + duration.toNanos();
    for (long i = 0; ; i++) {
      long intended = start + (long) (i * intervalNanos);
      if (intended >= end) break;
      long wait = intended - clock.nanoTime();
      if (wait > 0) clock.parkNanos(wait);
      due++;
      if (outstanding.get() >= maxOutstanding) {
        notSent++;
        continue;
      }
      outstanding.incrementAndGet();
      CompletableFuture<Outcome> call;
      try {
        call = sender.send(firstSeq + i);
      } catch (RuntimeException e) {
        call = CompletableFuture.completedFuture(Outcome.ERROR);
      }
      call.whenComplete((outcome, error) -> {
        long latency = clock.nanoTime() - intended; // from the intended send time: corrected for coordinated omission
        int second = (int) Math.min(worstBySecond.length() - 1, (intended - start) / 1_000_000_000L);
        worstBySecond.accumulateAndGet(second, latency, Math::max);
        Outcome o = error != null || outcome == null ? Outcome.ERROR : outcome;
        switch (o) {
          case ACCEPTED -> { accepted.increment(); latencies.recordValue(Math.min(latency, MAX_TRACKABLE_NANOS)); }
          case REPLAYED -> { replayed.increment(); latencies.recordValue(Math.min(latency, MAX_TRACKABLE_NANOS)); }
          case REFUSED -> refused.increment();
          case ERROR -> errors.increment();
        }
        outstanding.decrementAndGet();
      });
    }
    double elapsed = (clock.nanoTime() - start) / 1e9;
    long drainDeadline = clock.nanoTime() + drainTimeout.toNanos();
    while (outstanding.get() > 0 && clock.nanoTime() < drainDeadline) clock.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    return new StepResult(ratePerSecond, elapsed, due, accepted.sum(), replayed.sum(), refused.sum(), errors.sum(), notSent,
        outstanding.get(), latencies.getIntervalHistogram(), millis(worstBySecond));
  }
}
