package org.symphony.edge.instructions;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.symphony.edge.http.Admission;
import org.symphony.edge.http.Stages;

/** An engine call as the routes see it: answered, or not reachable in time. Never a failed stage. */
sealed interface EngineAnswer<T> {

  record Answered<T>(T value) implements EngineAnswer<T> {}

  record Unreachable<T>(Throwable error) implements EngineAnswer<T> {}

  /**
   * Calls the engine within timeout and releases the admission slot when the call ends: on the reply,
   * on a failure, or at the timeout, whichever comes first (a stuck stage must not hold a slot forever).
   */
  static <T> CompletionStage<EngineAnswer<T>> ask(
      Supplier<CompletionStage<T>> call, Admission.Permit permit, Duration timeout) {
    return Stages.within(Stages.guard(call), timeout)
        .whenComplete((value, error) -> permit.release())
        .handle(
            (value, error) ->
                error == null ? new Answered<>(value) : new Unreachable<>(Stages.unwrap(error)));
  }
}
