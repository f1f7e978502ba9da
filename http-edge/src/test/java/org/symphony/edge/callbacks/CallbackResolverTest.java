package org.symphony.edge.callbacks;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.symphony.edge.callbacks.CallbackOutcomes.Outcome;

/** The background resolution of callbacks' rail keys: bounded queue, bounded wait for the index, counted drops. */
class CallbackResolverTest {

  private static final Duration POLL = Duration.ofMillis(10);
  private static final Duration WAIT = Duration.ofSeconds(1);

  private final Map<String, RailKeyIndex.Indexed> indexed = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> told = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Outcome> counted = new ConcurrentLinkedQueue<>();
  private final AtomicLong nanos = new AtomicLong();

  private CallbackResolver resolver(RailKeyIndex index, int queueCapacity, int waitingCapacity) {
    return new CallbackResolver(index, told::add, new CallbackSettings(WAIT, POLL, queueCapacity, waitingCapacity, 100, Map.of()),
        (rail, outcome) -> counted.add(outcome), nanos::get);
  }

  private CompletionStage<Map<String, RailKeyIndex.Indexed>> lookup(Set<String> keys) {
    Map<String, RailKeyIndex.Indexed> found = new java.util.HashMap<>();
    keys.forEach(k -> { if (indexed.containsKey(k)) found.put(k, indexed.get(k)); });
    return CompletableFuture.completedFuture(found);
  }

  @Test
  void anOpenInstructionIsToldASettledOneAndAnUnknownKeyAreNot() throws Exception {
    var resolver = resolver(this::lookup, 10, 10);
    indexed.put("open", new RailKeyIndex.Indexed("i-1", true));
    indexed.put("settled", new RailKeyIndex.Indexed("i-2", false));
    assertEquals(CallbackResolver.FirstLook.FORWARDED, resolver.resolve("r", "open").orElseThrow().toCompletableFuture().get());
    assertEquals(CallbackResolver.FirstLook.ALREADY_SETTLED, resolver.resolve("r", "settled").orElseThrow().toCompletableFuture().get());
    assertEquals(CallbackResolver.FirstLook.NOT_INDEXED, resolver.resolve("r", "forged").orElseThrow().toCompletableFuture().get());
    assertEquals(List.of("i-1"), List.copyOf(told));
  }

  @Test
  void aKeyIndexedWithinTheWaitIsToldAndOneNeverIndexedIsDroppedAndCounted() {
    var resolver = resolver(this::lookup, 10, 10);
    resolver.resolve("r", "late");
    resolver.resolve("r", "forged");
    indexed.put("late", new RailKeyIndex.Indexed("i-late", true));
    nanos.addAndGet(POLL.toNanos());
    awaitTrue(() -> told.contains("i-late"));
    assertFalse(counted.contains(Outcome.UNKNOWN_DROPPED), "still within the index wait");

    nanos.addAndGet(WAIT.toNanos());
    awaitTrue(() -> counted.contains(Outcome.UNKNOWN_DROPPED));
    assertEquals(List.of("i-late"), List.copyOf(told));
  }

  @Test
  void aFullQueueRefusesAtOnceAndIsCounted() {
    var held = new CompletableFuture<Map<String, RailKeyIndex.Indexed>>();
    var resolver = resolver(keys -> held, 3, 10);
    assertTrue(resolver.resolve("r", "k-0").isPresent()); // taken by the lookup that does not answer
    for (int i = 1; i <= 3; i++) assertTrue(resolver.resolve("r", "k-" + i).isPresent(), "queued " + i);
    assertTrue(resolver.resolve("r", "k-4").isEmpty(), "the queue holds 3");
    assertEquals(List.of(Outcome.REFUSED_FULL), List.copyOf(counted));
  }

  @Test
  void aFullWaitingRoomDropsFurtherUnknownKeysAtOnce() {
    var resolver = resolver(this::lookup, 10, 2);
    for (int i = 0; i < 3; i++) resolver.resolve("r", "forged-" + i);
    assertEquals(List.of(Outcome.UNKNOWN_DROPPED), List.copyOf(counted));
  }

  @Test
  void aFailedLookupFailsTheFirstLookAndTheKeyIsLookedUpAgain() {
    var failing = new java.util.concurrent.atomic.AtomicBoolean(true);
    var resolver = resolver(keys -> failing.get() ? CompletableFuture.failedFuture(new IllegalStateException("down")) : lookup(keys), 10, 10);
    var first = resolver.resolve("r", "k").orElseThrow().toCompletableFuture();
    assertTrue(first.isCompletedExceptionally());
    indexed.put("k", new RailKeyIndex.Indexed("i-k", true));
    failing.set(false);
    nanos.addAndGet(POLL.toNanos());
    awaitTrue(() -> told.contains("i-k"));
  }

  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("not within 5 s");
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }
}
