package org.symphony.rails.testing;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/** Waiting in tests: bounded by a deadline, polling through the testkit rather than sleeping. */
public final class Await {

  public static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(25);

  private Await() {}

  public static <T> T result(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("stage did not complete within " + DEADLINE, e);
    }
  }

  /** Asks again until the answer satisfies {@code done}; returns that answer. */
  public static <T> T until(ActorTestKit testKit, Supplier<CompletionStage<T>> ask, Predicate<T> done) {
    return testKit
        .createTestProbe()
        .awaitAssert(DEADLINE, POLL, () -> {
          T answer = result(ask.get());
          if (!done.test(answer)) throw new AssertionError("not yet: " + answer);
          return answer;
        });
  }
}
