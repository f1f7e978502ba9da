package org.symphony.multijvm;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Polling with a deadline (no sleeps in tests): the condition is asked again every {@link #POLL} until it holds. */
final class Await {

  static final Duration POLL = Duration.ofMillis(200);

  private Await() {}

  /**
   * Waits until {@code condition} returns true. Fails with {@code what}, the deadline and {@code progress} (asked
   * once, at the end) when the deadline passes. An exception from the condition fails at once.
   */
  static void until(String what, Duration deadline, Callable<Boolean> condition, Supplier<String> progress) {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      boolean ok;
      try {
        ok = condition.call();
      } catch (AssertionError e) {
        throw e;
      } catch (Exception e) {
        throw new AssertionError("while waiting for " + what + ": " + e, e);
      }
      if (ok) return;
      if (System.nanoTime() - end >= 0)
        throw new AssertionError("not within " + deadline.toSeconds() + " s: " + what + "\n" + progress.get());
      LockSupport.parkNanos(POLL.toNanos());
      if (Thread.interrupted()) throw new AssertionError("interrupted while waiting for " + what);
    }
  }

  static void until(String what, Duration deadline, Callable<Boolean> condition) {
    until(what, deadline, condition, () -> "");
  }

  static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
