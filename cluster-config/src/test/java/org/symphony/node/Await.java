package org.symphony.node;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/** Polls a condition until a deadline: tests wait for things this way, never by sleeping a fixed time. */
final class Await {

  private Await() {}

  /** What the test waited for, and what it saw instead; may itself ask the node (and fail). */
  @FunctionalInterface
  interface Describe {
    String get() throws Exception;
  }

  static void until(Duration timeout, Callable<Boolean> condition, Describe describe) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within " + timeout + ": " + describeSafely(describe));
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }

  private static String describeSafely(Describe describe) {
    try {
      return describe.get();
    } catch (Exception e) {
      return "(could not describe: " + e + ")";
    }
  }
}
