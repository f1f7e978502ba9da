package org.symphony.rails.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.engine.rail.RailResult;

/**
 * The Rail port's contract for every adapter: a call completes within its timeout and never fails. A
 * throw, a failed stage or no answer in time becomes {@link RailResult.Unknown} (the outcome is then
 * resolved by a status query, never guessed). A request the node did not send (no connection free in time, see
 * {@link ConnectionSlots}) becomes {@link RailResult.NotAsked}: it says nothing about the rail, so it does not count
 * against its circuit, and a dispatch that was not sent is simply made again.
 */
public final class BoundedRailCall {

  private static final Logger log = LoggerFactory.getLogger(BoundedRailCall.class);
  private static final int MAX_MESSAGE_CHARS = 200;

  private BoundedRailCall() {}

  public static CompletionStage<RailResult> within(
      String rail, String operation, Duration timeout, ActorSystem<?> system, Supplier<CompletionStage<RailResult>> call) {
    CompletionStage<RailResult> stage;
    try {
      stage = call.get();
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    return Deadline.within(stage, timeout, system)
        .handle((result, error) -> {
          if (error == null) return result;
          if (rootOf(error) instanceof NotSentException notSent)
            return new RailResult.NotAsked(operation + ": " + notSent.getMessage());
          RailResult.Unknown unknown = new RailResult.Unknown(operation + ": " + describe(error));
          log.debug("{} {} without a usable answer: {}", rail, operation, unknown.reason());
          return unknown;
        });
  }

  /**
   * A status query an adapter makes while dispatching, after the rail answered the dispatch itself (say, "a
   * duplicate of an earlier attempt"). If the node cannot send that query, the outcome is unknown, but the dispatch
   * did reach the rail: it must not be reported as not sent.
   */
  public static CompletionStage<RailResult> afterTheRailAnswered(CompletionStage<RailResult> query) {
    return query.handle((result, error) -> {
      if (error == null) return result;
      if (rootOf(error) instanceof NotSentException notSent)
        return new RailResult.Unknown("the rail answered the dispatch; the status query that followed was " + notSent.getMessage());
      throw error instanceof CompletionException c ? c : new CompletionException(error);
    });
  }

  static String describe(Throwable error) {
    Throwable cause = rootOf(error);
    if (cause instanceof TimeoutException) return "timeout (" + cause.getMessage() + ")";
    if (cause instanceof RailProtocolException) return cause.getMessage();
    return cause.getClass().getSimpleName() + ": " + WireText.excerpt(String.valueOf(cause.getMessage()), MAX_MESSAGE_CHARS);
  }

  private static Throwable rootOf(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null)
      cause = cause.getCause();
    return cause;
  }
}
