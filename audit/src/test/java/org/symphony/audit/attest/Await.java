package org.symphony.audit.attest;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or the deadline passes (no fixed sleeps). */
public final class Await {

  private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

  private Await() {}

  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) throw new AssertionError("not within " + timeout + ": " + what);
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
