package org.symphony.node.supervision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** One asynchronous answer shared for a while: callers within {@code reuse} of it get the same stage. */
final class Memo<T> {

  private final Duration reuse;
  private final Clock clock;
  private final Supplier<CompletionStage<T>> compute;
  private Instant at = Instant.MIN;
  private CompletionStage<T> last;

  Memo(Duration reuse, Clock clock, Supplier<CompletionStage<T>> compute) {
    this.reuse = reuse;
    this.clock = clock;
    this.compute = compute;
  }

  synchronized CompletionStage<T> get() {
    Instant now = clock.instant();
    boolean failed = last != null && last.toCompletableFuture().isCompletedExceptionally();
    if (last == null || failed || at.plus(reuse).isBefore(now)) {
      last = compute.get();
      at = now;
    }
    return last;
  }
}
