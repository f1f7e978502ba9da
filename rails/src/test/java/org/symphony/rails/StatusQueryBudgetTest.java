package org.symphony.rails;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.symphony.engine.rail.Rail;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;

/** Status queries stay within the rail's budget however many instructions ask; dispatches are never held back. */
class StatusQueryBudgetTest {

  private static final ActorTestKit kit = ActorTestKit.create();
  private static final long SECOND = 1_000_000_000L;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aBurstGoesAtOnceThenOneSlotPerIntervalAndNothingBeyondTheLongestWait() {
    var slots = new StatusQueryBudget.Slots(10, 3, SECOND / 2); // 10/s: a slot every 100 ms; burst 3; wait ≤ 500 ms
    long now = 1_000 * SECOND;
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 10; i++) waits.add(slots.reserve(now));
    assertEquals(List.of(0L, 0L, 0L), waits.subList(0, 3), "the burst goes at once");
    assertEquals(SECOND / 10, waits.get(3), "then the next slot");
    assertEquals(5 * SECOND / 10, waits.get(7), "up to the longest wait");
    assertEquals(-1L, waits.get(8), "a query that would wait longer is not sent");
    assertEquals(-1L, waits.get(9));
    assertEquals(0L, slots.reserve(now + 10 * SECOND), "after a quiet period the budget is back");
  }

  @Test
  void queriesOverTheBudgetAreNotAskedAndTheRailSeesAtMostTheBudget() throws Exception {
    var statusCalls = new AtomicInteger();
    var dispatchCalls = new AtomicInteger();
    Rail rail = new Rail() {
      public String id() { return "counted"; }
      public CompletionStage<RailResult> dispatch(RailTransfer t) { dispatchCalls.incrementAndGet(); return CompletableFuture.completedFuture(new RailResult.InProgress()); }
      public CompletionStage<RailResult> status(RailKey k) { statusCalls.incrementAndGet(); return CompletableFuture.completedFuture(new RailResult.InProgress()); }
    };
    // One slot per 1,000 s (no slot frees up during the test, however slow the machine), a burst of 5 and no
    // waiting: of 1,000 queries at once, 5 reach the rail.
    var budget = new StatusQueryBudget(kit.system(), rail, new StatusQueryBudget.Settings(Duration.ofSeconds(2), 0.001, 5, Duration.ZERO));
    int notAsked = 0;
    for (int i = 0; i < 1000; i++) {
      RailResult r = budget.status(RailKey.forInstruction("i-" + i)).toCompletableFuture().get(5, TimeUnit.SECONDS);
      if (r instanceof RailResult.NotAsked) notAsked++;
    }
    assertEquals(5, statusCalls.get());
    assertEquals(995, notAsked);
    for (int i = 0; i < 100; i++) budget.dispatch(null);
    assertEquals(100, dispatchCalls.get(), "dispatches are not budgeted");
    assertEquals(Duration.ofSeconds(2), budget.firstStatusQueryAfter());
  }

  @Test
  void aQueryWithinTheLongestWaitIsSentAfterItsSlot() throws Exception {
    var statusCalls = new AtomicInteger();
    Rail rail = new Rail() {
      public String id() { return "counted"; }
      public CompletionStage<RailResult> dispatch(RailTransfer t) { return CompletableFuture.completedFuture(new RailResult.InProgress()); }
      public CompletionStage<RailResult> status(RailKey k) { statusCalls.incrementAndGet(); return CompletableFuture.completedFuture(new RailResult.NotFound()); }
    };
    var budget = new StatusQueryBudget(kit.system(), rail, new StatusQueryBudget.Settings(Duration.ZERO, 20, 1, Duration.ofSeconds(5)));
    List<CompletableFuture<RailResult>> answers = new ArrayList<>();
    for (int i = 0; i < 10; i++) answers.add(budget.status(RailKey.forInstruction("i-" + i)).toCompletableFuture());
    for (var a : answers) assertInstanceOf(RailResult.NotFound.class, a.get(10, TimeUnit.SECONDS), "every one waited for its slot and was asked");
    assertEquals(10, statusCalls.get());
  }

  @Test
  void aRailsOwnSectionOverridesTheDefaults() {
    var config = ConfigFactory.parseString("symphony.rails.status-queries.rails.rtgs { first-query-after = 3s, per-second = 50 }")
        .withFallback(ConfigFactory.load());
    var rtgs = StatusQueryBudget.Settings.fromConfig(config, "rtgs");
    var mtn = StatusQueryBudget.Settings.fromConfig(config, "mtn-momo");
    assertEquals(Duration.ofSeconds(3), rtgs.firstQueryAfter());
    assertEquals(50, rtgs.perSecond());
    assertEquals(ConfigFactory.load().getDouble("symphony.rails.status-queries.per-second"), mtn.perSecond());
    assertThrows(IllegalArgumentException.class, () -> new StatusQueryBudget.Settings(Duration.ZERO, 0, 1, Duration.ZERO));
  }
}
