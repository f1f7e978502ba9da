package org.symphony.edge.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Small helpers that keep every wait of the edge bounded. */
public final class Stages {

  private Stages() {}

  /**
   * A new stage that completes like source, or with a TimeoutException after timeout. The source is
   * left untouched: it may be shared (e.g. one ask answering several callers).
   */
  public static <T> CompletableFuture<T> within(CompletionStage<T> source, Duration timeout) {
    CompletableFuture<T> bounded = new CompletableFuture<>();
    source.whenComplete(
        (value, error) -> {
          if (error != null) bounded.completeExceptionally(error);
          else bounded.complete(value);
        });
    return bounded.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Calls a port, turning a synchronous throw or a null stage into a failed stage. */
  public static <T> CompletionStage<T> guard(Supplier<CompletionStage<T>> call) {
    try {
      CompletionStage<T> stage = call.get();
      return stage != null ? stage : CompletableFuture.failedFuture(new NullPointerException("null stage"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  public static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null)
      t = t.getCause();
    return t;
  }
}
