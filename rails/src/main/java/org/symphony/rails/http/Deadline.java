package org.symphony.rails.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;

/** Bounds a stage in time with the actor system's scheduler, so no caller ever waits forever. */
public final class Deadline {

  private Deadline() {}

  /** The stage's own outcome if it finishes in time, otherwise a {@link TimeoutException}. */
  public static <T> CompletionStage<T> within(CompletionStage<T> stage, Duration timeout, ActorSystem<?> system) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Cancellable timer =
        system
            .scheduler()
            .scheduleOnce(
                timeout,
                () -> result.completeExceptionally(new TimeoutException("no answer within " + timeout.toMillis() + " ms")),
                system.executionContext());
    stage.whenComplete(
        (value, error) -> {
          timer.cancel();
          if (error != null) result.completeExceptionally(error);
          else result.complete(value);
        });
    return result;
  }
}
