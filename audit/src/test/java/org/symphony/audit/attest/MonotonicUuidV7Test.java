package org.symphony.audit.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MonotonicUuidV7Test {

  private static final Instant T = Instant.parse("2026-11-27T21:31:48.807Z");

  @Test
  void idsAreVersion7WithTheClocksMillisecondsAndTheRfcVariant() {
    UUID id = new MonotonicUuidV7(new MutableClock(T), Duration.ZERO).next();
    assertEquals(7, id.version());
    assertEquals(2, id.variant());
    assertEquals(T.toEpochMilli(), MonotonicUuidV7.millisOf(id));
  }

  @Test
  void idsWithinOneMillisecondStrictlyIncrease() {
    MonotonicUuidV7 ids = new MonotonicUuidV7(new MutableClock(T), Duration.ZERO);
    UUID previous = ids.next();
    for (int i = 0; i < 100_000; i++) {
      UUID next = ids.next();
      assertTrue(ChainRows.compareUnsigned(previous, next) < 0, previous + " < " + next);
      assertEquals(T.toEpochMilli(), MonotonicUuidV7.millisOf(next));
      previous = next;
    }
  }

  @Test
  void resumingAfterAnIdKeepsIncreasingEvenWhenItsCounterIsExhausted() {
    UUID last = MonotonicUuidV7.build(T.toEpochMilli(), (1L << 42) - 1, -1);
    MonotonicUuidV7 ids = new MonotonicUuidV7(new MutableClock(T), Duration.ZERO);
    ids.resumeAfter(last);
    UUID next = ids.next();
    assertTrue(ChainRows.compareUnsigned(last, next) < 0);
    assertEquals(T.toEpochMilli() + 1, MonotonicUuidV7.millisOf(next), "borrows the next millisecond");
  }

  @Test
  void counterAndTimestampRoundTrip() {
    long counter = 0x2AB_CDEF_1234L;
    UUID id = MonotonicUuidV7.build(T.toEpochMilli(), counter, 0x5555_5555);
    assertEquals(counter, MonotonicUuidV7.counterOf(id));
    assertEquals(T.toEpochMilli(), MonotonicUuidV7.millisOf(id));
  }

  @Test
  void aClockBehindWithNoToleranceIsRefusedAtOnce() {
    MutableClock clock = new MutableClock(T);
    MonotonicUuidV7 ids = new MonotonicUuidV7(clock, Duration.ZERO);
    ids.next();
    clock.set(T.minusMillis(1));
    ClockWentBackwards e = assertThrows(ClockWentBackwards.class, ids::next);
    assertEquals(Duration.ofMillis(1), e.behind());
  }

  @Test
  void aClockThatCatchesUpWithinTheToleranceIsWaitedFor() {
    MutableClock clock = new MutableClock(T);
    MonotonicUuidV7 ids = new MonotonicUuidV7(clock, Duration.ofSeconds(10));
    UUID before = ids.next();
    clock.set(T.minusMillis(20));
    clock.stepPerRead(Duration.ofMillis(1));
    UUID after = ids.next();
    assertTrue(ChainRows.compareUnsigned(before, after) < 0);
  }
}
