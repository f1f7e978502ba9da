package org.symphony.node;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Polls a condition until a deadline: tests wait for things this way, never by sleeping a fixed time. */
final class Await {

  private Await() {}

  static void until(Duration timeout, Callable<Boolean> condition, Supplier<String> describe) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within " + timeout + ": " + describe.get());
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }
}
