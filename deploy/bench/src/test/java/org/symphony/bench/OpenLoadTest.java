package org.symphony.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OpenLoadTest {

  @Test
  void aStallShowsInEveryRequestThatWasDueDuringIt() {
    // A closed client blocked 300 ms on its first call: the requests due meanwhile leave late. Measured from
    // their intended send time they carry that wait; measured from the actual send they would look instant.
    // Time is a hand-moved clock: the stall moves it, nothing waits.
    ManualTicker clock = new ManualTicker();
    AtomicBoolean first = new AtomicBoolean(true);
    OpenLoad.Sender blocking = seq -> {
      if (first.getAndSet(false)) clock.parkNanos(Duration.ofMillis(300).toNanos()); // the stall being measured
      return CompletableFuture.completedFuture(OpenLoad.Outcome.ACCEPTED);
    };
    var r = OpenLoad.run(200, Duration.ofMillis(500), 1000, Duration.ofSeconds(5), 0, blocking, clock);
    assertEquals(100, r.due(), 2);
    assertEquals(r.due(), r.accepted());
    // ~60 requests were due during the 300 ms stall: their latencies spread from ~300 ms down to ~0.
    assertTrue(r.percentileMillis(50) > 20, "median carries the stall: " + r.percentileMillis(50));
    assertTrue(r.acceptLatencyNanos().getMaxValue() / 1e6 >= 280, "max ~ the stall: " + r.acceptLatencyNanos().getMaxValue() / 1e6);
  }

  @Test
  void theWorstLatencyIsKeptForEachSecondOfTheStep() {
    // A 400 ms stall in the third second of a four-second step: only that second's worst carries it.
    ManualTicker clock = new ManualTicker();
    AtomicBoolean stalled = new AtomicBoolean();
    OpenLoad.Sender stallingOnce = seq -> {
      if (seq >= 250 && !stalled.getAndSet(true)) clock.parkNanos(Duration.ofMillis(400).toNanos());
      return CompletableFuture.completedFuture(OpenLoad.Outcome.ACCEPTED);
    };
    var r = OpenLoad.run(100, Duration.ofSeconds(4), 1000, Duration.ofSeconds(5), 0, stallingOnce, clock);
    long[] worst = r.worstMillisBySecond();
    assertEquals(4, worst.length);
    assertTrue(worst[2] >= 390, "the stalled second: " + worst[2]);
    assertTrue(worst[0] < 20 && worst[1] < 20 && worst[3] < 20, "the others: " + java.util.Arrays.toString(worst));
  }

  @Test
  void requestsBeyondTheOutstandingBoundAreCountedNotSent() {
    OpenLoad.Sender never = seq -> new CompletableFuture<>();
    var r = OpenLoad.run(1000, Duration.ofMillis(200), 10, Duration.ofMillis(50), 0, never, new ManualTicker());
    assertEquals(10, r.unfinished());
    assertEquals(r.due() - 10, r.notSent());
    assertEquals(0, r.accepted());
  }

  @Test
  void refusalsAndErrorsAreCountedButNotTimed() {
    OpenLoad.Sender mixed = seq -> CompletableFuture.completedFuture(
        seq % 2 == 0 ? OpenLoad.Outcome.REFUSED : seq % 3 == 0 ? OpenLoad.Outcome.REPLAYED : OpenLoad.Outcome.ERROR);
    var r = OpenLoad.run(500, Duration.ofMillis(200), 100, Duration.ofSeconds(1), 0, mixed, new ManualTicker());
    assertEquals(r.due(), r.refused() + r.replayed() + r.errors());
    assertEquals(r.replayed(), r.acceptLatencyNanos().getTotalCount());
  }

  /** A clock that moves only when someone parks on it. */
  private static final class ManualTicker implements OpenLoad.Ticker {
    private long now = 1_000_000_000L;

    @Override
    public synchronized long nanoTime() {
      return now;
    }

    @Override
    public synchronized void parkNanos(long nanos) {
      now += Math.max(0, nanos);
    }
  }
}
