package org.symphony.rails.airtel;

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

/** Token lifetime and sharing, on a fake clock (no waiting). */
class AirtelTokenCacheTest {

  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
  private final List<CompletableFuture<AirtelAccessToken>> fetches = new ArrayList<>();
  private final AirtelTokenCache cache = new AirtelTokenCache(this::fetch, clock::get);

  private CompletionStage<AirtelAccessToken> fetch() {
    CompletableFuture<AirtelAccessToken> fetch = new CompletableFuture<>();
    fetches.add(fetch);
    return fetch;
  }

  private AirtelAccessToken issue(String value) {
    return AirtelAccessToken.issuedNow(value, Duration.ofSeconds(180), clock.get());
  }

  @Test
  void airtelsThreeMinuteTokensAreRefreshedThirtySecondsEarly() {
    AirtelAccessToken token = AirtelAccessToken.issuedNow("t", Duration.ofSeconds(180), 0);
    assertTrue(token.usableAt(149 * SECOND));
    assertFalse(token.usableAt(150 * SECOND));

    AirtelAccessToken shortLived = AirtelAccessToken.issuedNow("t", Duration.ofSeconds(8), 0);
    assertTrue(shortLived.usableAt(5 * SECOND), "a quarter of a short lifetime is kept as margin");
    assertFalse(shortLived.usableAt(6 * SECOND));
  }

  @Test
  void aTokenIsReusedUntilItsRefreshPointThenFetchedAgain() {
    CompletionStage<AirtelAccessToken> first = cache.get();
    fetches.get(0).complete(issue("one"));

    clock.addAndGet(149 * SECOND);
    assertEquals("one", cache.get().toCompletableFuture().join().value());
    assertEquals(1, fetches.size());

    clock.addAndGet(1 * SECOND);
    CompletionStage<AirtelAccessToken> refreshed = cache.get();
    assertEquals(2, fetches.size(), "fetched again before Airtel's 180 s expiry");
    fetches.get(1).complete(issue("two"));
    assertEquals("two", refreshed.toCompletableFuture().join().value());
    assertEquals("one", first.toCompletableFuture().join().value());
  }

  @Test
  void concurrentCallersShareOneFetch() {
    CompletionStage<AirtelAccessToken> a = cache.get();
    CompletionStage<AirtelAccessToken> b = cache.get();

    assertSame(a, b);
    assertEquals(1, fetches.size());
  }

  @Test
  void aFailedFetchIsForgotten() {
    CompletionStage<AirtelAccessToken> failed = cache.get();
    fetches.get(0).completeExceptionally(new IllegalStateException("token endpoint down"));
    assertTrue(failed.toCompletableFuture().isCompletedExceptionally());

    cache.get();
    assertEquals(2, fetches.size());
  }

  @Test
  void invalidateDropsOnlyTheRejectedToken() {
    cache.get();
    fetches.get(0).complete(issue("one"));
    AirtelAccessToken one = cache.get().toCompletableFuture().join();

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
