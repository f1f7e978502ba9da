package org.symphony.audit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.symphony.audit.testing.MutableClock;

class CheckpointerTest {

  private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
  private static final CheckpointKeys KEYS = CheckpointKeys.generate();
  private static final CheckpointSettings EVERY_100_ROWS_OR_60S =
      new CheckpointSettings(100, Duration.ofSeconds(60), Optional.empty());

  private final MutableClock clock = new MutableClock(T0);
  private final List<Checkpoint> stored = new ArrayList<>();

  private Checkpointer checkpointer(long lastSignedSeq) {
    return new Checkpointer("n1", new CheckpointSigner(KEYS), stored::add, EVERY_100_ROWS_OR_60S, clock, lastSignedSeq);
  }

  @Test
  void signsWhenNRowsAccumulated() {
    Checkpointer cp = checkpointer(0);

    assertEquals(Optional.empty(), cp.onCommitted(40, hash(40)));
    assertEquals(Optional.empty(), cp.onCommitted(99, hash(99)));
    Checkpoint signed = cp.onCommitted(130, hash(130)).orElseThrow(); // a batch may jump past the threshold

    assertEquals(130, signed.nodeSeq());
    assertEquals(hash(130), signed.hash());
    assertTrue(signed.isSignedBy(KEYS.publicKey()));
    assertEquals(List.of(signed), stored);
    assertEquals(Optional.empty(), cp.onCommitted(229, hash(229))); // counted from the last checkpoint
    assertEquals(230, cp.onCommitted(230, hash(230)).orElseThrow().nodeSeq());
  }

  @Test
  void signsWhenTheOldestUnsignedRowWaitedT() {
    Checkpointer cp = checkpointer(0);
    cp.onCommitted(5, hash(5));
    clock.advance(Duration.ofSeconds(30));
    cp.onCommitted(8, hash(8));
    clock.advance(Duration.ofSeconds(29));
    assertEquals(Optional.empty(), cp.maybeSignByTime());

    clock.advance(Duration.ofSeconds(1));
    Checkpoint signed = cp.maybeSignByTime().orElseThrow();

    assertEquals(8, signed.nodeSeq());
    assertEquals(T0.plusSeconds(60), signed.signedAt());
    assertEquals(List.of(signed), stored);
  }

  @Test
  void commitAfterTheTimeLimitSignsAtOnce() {
    Checkpointer cp = checkpointer(0);
    cp.onCommitted(1, hash(1));
    clock.advance(Duration.ofSeconds(61)); // the timer has not fired yet

    assertEquals(2, cp.onCommitted(2, hash(2)).orElseThrow().nodeSeq());
  }

  @Test
  void signsNothingOtherwise() {
    Checkpointer cp = checkpointer(0);
    clock.advance(Duration.ofHours(1));
    assertEquals(Optional.empty(), cp.maybeSignByTime()); // no rows at all

    cp.onCommitted(10, hash(10));
    clock.advance(Duration.ofSeconds(60));
    assertTrue(cp.maybeSignByTime().isPresent());
    clock.advance(Duration.ofHours(1));
    assertEquals(Optional.empty(), cp.maybeSignByTime()); // head has not moved since
    assertEquals(Optional.empty(), cp.onCommitted(10, hash(10))); // a repeated report of the same head
    assertEquals(Optional.empty(), cp.onCommitted(9, hash(9))); // a stale one
    assertEquals(1, stored.size());
  }

  @Test
  void continuesAfterTheLastStoredCheckpoint() {
    Checkpointer cp = checkpointer(500);
    assertEquals(Optional.empty(), cp.onCommitted(599, hash(599)));
    assertEquals(600, cp.onCommitted(600, hash(600)).orElseThrow().nodeSeq());
  }

  @Test
  void failedStoreLeavesTheHeadUnsignedAndIsRetried() {
    List<Checkpoint> accepted = new ArrayList<>();
    boolean[] failNext = {true};
    Checkpointer cp = new Checkpointer("n1", new CheckpointSigner(KEYS), c -> {
      if (failNext[0]) {
        failNext[0] = false;
        throw new IllegalStateException("database down");
      }
      accepted.add(c);
    }, EVERY_100_ROWS_OR_60S, clock, 0);

    assertThrows(IllegalStateException.class, () -> cp.onCommitted(100, hash(100)));
    assertEquals(0, cp.signedSeq());
    Checkpoint retried = cp.signNow().orElseThrow();

    assertEquals(100, retried.nodeSeq());
    assertEquals(List.of(retried), accepted);
  }

  private static String hash(long seq) {
    return String.format("%064x", seq);
  }
}
