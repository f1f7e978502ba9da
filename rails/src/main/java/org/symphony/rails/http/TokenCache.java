package org.symphony.rails.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One shared access token per rail adapter (MTN MoMo, Airtel Money). Concurrent callers share a single in-flight fetch (no token
 * stampede at expiry or after a 401); a failed fetch is forgotten so the next caller tries again.
 * The clock is System.nanoTime in production and a fake in tests.
 */
public final class TokenCache {

  private final Supplier<CompletionStage<AccessToken>> fetch;
  private final LongSupplier nanoClock;
  private final AtomicReference<CompletableFuture<AccessToken>> current = new AtomicReference<>();

  public TokenCache(Supplier<CompletionStage<AccessToken>> fetch, LongSupplier nanoClock) {
    this.fetch = fetch;
    this.nanoClock = nanoClock;
  }

  public CompletionStage<AccessToken> get() {
    while (true) {
      CompletableFuture<AccessToken> seen = current.get();
      if (seen != null && (!seen.isDone() || usable(seen))) return seen;
      CompletableFuture<AccessToken> fresh = new CompletableFuture<>();
      if (current.compareAndSet(seen, fresh)) {
        startFetch(fresh);
        return fresh;
      }
      // another caller replaced it first: look again
    }
  }

  /** The rail rejected this token (401): drop it unless someone already replaced it. */
  public void invalidate(AccessToken rejected) {
    CompletableFuture<AccessToken> seen = current.get();
    if (seen != null && seen.isDone() && !seen.isCompletedExceptionally() && seen.join().equals(rejected))
      current.compareAndSet(seen, null);
  }

  private void startFetch(CompletableFuture<AccessToken> fresh) {
    CompletionStage<AccessToken> fetched;
    try {
      fetched = fetch.get();
    } catch (RuntimeException e) {
      current.compareAndSet(fresh, null);
      fresh.completeExceptionally(e);
      return;
    }
    fetched.whenComplete(
        (token, error) -> {
          if (error != null) {
            current.compareAndSet(fresh, null);
            fresh.completeExceptionally(error);
          } else {
            fresh.complete(token);
          }
        });
  }

  private boolean usable(CompletableFuture<AccessToken> done) {
    return !done.isCompletedExceptionally() && done.join().usableAt(nanoClock.getAsLong());
  }
}
