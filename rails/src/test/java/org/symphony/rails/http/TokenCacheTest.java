package org.symphony.rails.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token lifetime and sharing (MTN MoMo and Airtel Money share this cache), on a fake clock (no waiting). */
class TokenCacheTest {

  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
  private final List<CompletableFuture<AccessToken>> fetches = new ArrayList<>();
  private final TokenCache cache = new TokenCache(this::fetch, clock::get);

  private CompletionStage<AccessToken> fetch() {
    CompletableFuture<AccessToken> fetch = new CompletableFuture<>();
    fetches.add(fetch);
    return fetch;
  }

  private AccessToken issue(String value) {
    return AccessToken.issuedNow(value, Duration.ofSeconds(180), clock.get());
  }

  @Test
  void tokensAreRefreshedAQuarterOfTheirLifetimeEarlyAtMostAMinute() {
    AccessToken airtel = AccessToken.issuedNow("t", Duration.ofSeconds(180), 0);
    assertTrue(airtel.usableAt(134 * SECOND), "Airtel's 180 s token");
    assertFalse(airtel.usableAt(135 * SECOND));

    AccessToken mtn = AccessToken.issuedNow("t", Duration.ofHours(1), 0);
    assertTrue(mtn.usableAt(3_539 * SECOND), "MTN's hour-long token: one minute early");
    assertFalse(mtn.usableAt(3_540 * SECOND));

    AccessToken shortLived = AccessToken.issuedNow("t", Duration.ofSeconds(8), 0);
    assertTrue(shortLived.usableAt(5 * SECOND), "a quarter of a short lifetime is kept as margin");
    assertFalse(shortLived.usableAt(6 * SECOND));
  }

  @Test
  void aTokenIsReusedUntilItsRefreshPointThenFetchedAgain() {
    CompletionStage<AccessToken> first = cache.get();
    fetches.get(0).complete(issue("one"));

    clock.addAndGet(134 * SECOND);
    assertEquals("one", cache.get().toCompletableFuture().join().value());
    assertEquals(1, fetches.size());

    clock.addAndGet(1 * SECOND);
    CompletionStage<AccessToken> refreshed = cache.get();
    assertEquals(2, fetches.size(), "fetched again before Airtel's 180 s expiry");
    fetches.get(1).complete(issue("two"));
    assertEquals("two", refreshed.toCompletableFuture().join().value());
    assertEquals("one", first.toCompletableFuture().join().value());
  }

  @Test
  void concurrentCallersShareOneFetch() {
    CompletionStage<AccessToken> a = cache.get();
    CompletionStage<AccessToken> b = cache.get();

    assertSame(a, b);
    assertEquals(1, fetches.size());
  }

  @Test
  void aFailedFetchIsForgotten() {
    CompletionStage<AccessToken> failed = cache.get();
    fetches.get(0).completeExceptionally(new IllegalStateException("token endpoint down"));
    assertTrue(failed.toCompletableFuture().isCompletedExceptionally());

    cache.get();
    assertEquals(2, fetches.size());
  }

  @Test
  void invalidateDropsOnlyTheRejectedToken() {
    cache.get();
    fetches.get(0).complete(issue("one"));
    AccessToken one = cache.get().toCompletableFuture().join();

    cache.invalidate(issue("someone-elses"));
    assertEquals(1, fetches.size(), "a token that is not cached changes nothing");

    cache.invalidate(one);
    cache.get();
    assertEquals(2, fetches.size());
  }

  @Test
  void aTokenNeverShowsInToString() {
    assertFalse(issue("secret-value").toString().contains("secret-value"));
  }
}
