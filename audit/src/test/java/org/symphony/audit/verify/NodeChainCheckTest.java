package org.symphony.audit.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.audit.chain.ChainHash;
import org.symphony.audit.checkpoint.Checkpoint;
import org.symphony.audit.checkpoint.CheckpointKeys;
import org.symphony.audit.checkpoint.CheckpointSigner;
import org.symphony.audit.testing.ChainFixture;

/** The per-node state machine on in-memory rows: the cases that need no database to set up. */
class NodeChainCheckTest {

  private static final CheckpointKeys KEYS = CheckpointKeys.generate();
  private static final CheckpointSigner SIGNER = new CheckpointSigner(KEYS);

  @Test
  void chainThatDoesNotStartAtOneHasAGapAtOne() {
    List<AttestationRow> rows = chain(10);
    NodeChainCheck check = check(List.of(), 100);
    rows.subList(3, 10).forEach(check::accept);

    NodeSummary summary = check.finish(true);

    assertEquals(1, check.breaks().size());
    ChainBreak gap = check.breaks().get(0);
    assertEquals(1, gap.sequence());
    assertEquals(BreakKind.SEQUENCE_GAP, gap.kind());
    assertEquals("rows 1..3 are missing", gap.detail());
    assertEquals(new NodeSummary("n", 7, 10, rows.get(9).hash(), 0, 1, true), summary);
  }

  @Test
  void firstRowMustLinkToGenesis() {
    AttestationRow first = ChainHash.link(ChainFixture.content("n", 1), "1".repeat(64));
    NodeChainCheck check = check(List.of(), 100);
    check.accept(first);
    check.finish(true);

    assertEquals(List.of(BreakKind.PREV_LINK_BROKEN), check.breaks().stream().map(ChainBreak::kind).toList());
    assertEquals(ChainHash.GENESIS, check.breaks().get(0).expected());
  }

  @Test
  void malformedStoredHashIsAMismatchNotACrash() {
    List<AttestationRow> rows = new ArrayList<>(chain(3));
    AttestationRow r2 = rows.get(1);
    rows.set(1, new AttestationRow(r2.attestationId(), r2.nodeId(), 2, r2.receivedAt(), r2.subject(), r2.keyId(),
        r2.requestId(), r2.idempotencyKey(), r2.method(), r2.path(), r2.bodySha256(), r2.outcome(), r2.problemCode(),
        r2.httpStatus(), "not-a-hash", r2.hash()));
    NodeChainCheck check = check(List.of(), 100);
    rows.forEach(check::accept);
    check.finish(true);

    // the link is broken, and the row is still hashed (on the chain's previous hash), which here matches
    assertEquals(List.of(BreakKind.PREV_LINK_BROKEN), check.breaks().stream().map(ChainBreak::kind).toList());
  }

  @Test
  void stopsAtTheBreakLimitAndSaysSo() {
    List<AttestationRow> rows = chain(20);
    NodeChainCheck check = check(List.of(), 3);
    int accepted = 0;
    for (AttestationRow r : rows) {
      accepted++;
      if (!check.accept(ChainFixture.withPath(r, "/edited"))) break;
    }
    NodeSummary summary = check.finish(false);

    assertEquals(3, accepted);
    assertEquals(3, check.breaks().size());
    assertFalse(summary.complete());
  }

  @Test
  void checkpointsAreMatchedAtTheirSequence() {
    List<AttestationRow> rows = chain(5);
    List<Checkpoint> cps = List.of(
        SIGNER.sign("n", 2, rows.get(1).hash(), ChainFixture.START),
        SIGNER.sign("n", 4, rows.get(3).hash(), ChainFixture.START));
    NodeChainCheck check = check(cps, 100);
    rows.forEach(check::accept);

    NodeSummary summary = check.finish(true);

    assertTrue(check.breaks().isEmpty(), check.breaks()::toString);
    assertEquals(2, summary.checkpointsChecked());
  }

  // --- the cadence: no stretch without a trusted checkpoint longer than N rows or T + slack ---

  private static final Cadence EVERY_10_ROWS_OR_1S = new Cadence(10, Duration.ofSeconds(1), Duration.ofMillis(500));

  @Test
  void stretchesOfNRowsBetweenCheckpointsAndATailOfNRowsKeepTheCadence() {
    List<AttestationRow> rows = chain(30, Duration.ofMillis(10));
    NodeChainCheck check = check(List.of(signed(rows, 10), signed(rows, 20)), 100, EVERY_10_ROWS_OR_1S, Optional.empty());
    rows.forEach(check::accept);
    check.finish(true);

    assertEquals(List.of(), check.breaks());
  }

  @Test
  void stretchOfMoreThanNRowsIsACheckpointMissingAtTheFirstRowBeyondIt() {
    List<AttestationRow> rows = chain(40, Duration.ofMillis(10));
    NodeChainCheck check = check(List.of(signed(rows, 10), signed(rows, 25)), 100, EVERY_10_ROWS_OR_1S, Optional.empty());
    rows.forEach(check::accept);
    check.finish(true);

    // 11..25 has 15 rows (one break, at 21); the tail 26..40 has 15 too (at 36)
    assertEquals(List.of(21L, 36L), check.breaks().stream().map(ChainBreak::sequence).toList());
    assertTrue(check.breaks().stream().allMatch(b -> b.kind() == BreakKind.CHECKPOINT_MISSING), check.breaks()::toString);
    assertEquals("checkpoint by node_seq=20", check.breaks().get(0).expected());
  }

  @Test
  void tailSpanningMoreThanTPlusSlackIsACheckpointMissingMeasuredBetweenItsOwnRows() {
    List<AttestationRow> rows = chain(8, Duration.ofMillis(400)); // 8 rows over 2.8 s, no checkpoint
    NodeChainCheck check = check(List.of(), 100, EVERY_10_ROWS_OR_1S, Optional.empty());
    rows.forEach(check::accept);
    check.finish(true);

    // row 1 at t, row 5 at t + 1.6 s > t + 1.5 s
    assertEquals(List.of(5L), check.breaks().stream().map(ChainBreak::sequence).toList());
    assertEquals(BreakKind.CHECKPOINT_MISSING, check.breaks().get(0).kind());
    assertEquals("received_at=" + rows.get(4).receivedAt(), check.breaks().get(0).stored());
  }

  @Test
  void aCheckpointByAnUntrustedKeyDoesNotKeepTheCadence() {
    List<AttestationRow> rows = chain(15, Duration.ofMillis(10));
    Checkpoint foreign = new CheckpointSigner(CheckpointKeys.generate()).sign("n", 10, rows.get(9).hash(), ChainFixture.START);
    NodeChainCheck check = check(List.of(foreign), 100, EVERY_10_ROWS_OR_1S, Optional.empty());
    rows.forEach(check::accept);
    check.finish(true);

    assertEquals(List.of(BreakKind.CHECKPOINT_SIGNATURE_INVALID, BreakKind.CHECKPOINT_MISSING),
        check.breaks().stream().map(ChainBreak::kind).toList());
    assertEquals(11, check.breaks().get(1).sequence());
  }

  // --- the signed head published outside the database ---

  @Test
  void databaseHoldingTheSignedHeadOrMoreIsFine() {
    List<AttestationRow> rows = chain(12, Duration.ofMillis(10));
    for (Checkpoint head : List.of(signed(rows, 12), signed(rows, 7))) {
      NodeChainCheck check = check(List.of(), 100, EVERY_10_ROWS_OR_1S.withEveryRows(100), Optional.of(head));
      rows.forEach(check::accept);
      check.finish(true);
      assertEquals(List.of(), check.breaks(), "head at " + head.nodeSeq());
    }
  }

  @Test
  void fewerRowsThanTheSignedHeadIsATruncationAtTheFirstMissingRow() {
    List<AttestationRow> rows = chain(12, Duration.ofMillis(10));
    Checkpoint head = signed(rows, 12);
    NodeChainCheck check = check(List.of(), 100, EVERY_10_ROWS_OR_1S.withEveryRows(100), Optional.of(head));
    rows.subList(0, 8).forEach(check::accept);
    check.finish(true);

    assertEquals(List.of(new ChainBreak("n", 9, BreakKind.TRUNCATED_BELOW_SIGNED_HEAD, head.hash(), "-", null)),
        check.breaks().stream().map(b -> new ChainBreak(b.nodeId(), b.sequence(), b.kind(), b.expected(), b.stored(), null)).toList());
  }

  @Test
  void anotherRowAtTheSignedHeadIsATruncation() {
    List<AttestationRow> rows = chain(12, Duration.ofMillis(10));
    Checkpoint head = signed(rows, 12);
    // The tail 9.. was cut and rewritten consistently (a node restarted on the cut chain wrote new rows there).
    List<AttestationRow> rewritten = new ArrayList<>(rows.subList(0, 8));
    String prev = rows.get(7).hash();
    for (AttestationRow r : rows.subList(8, 12)) {
      AttestationRow again = ChainHash.link(ChainFixture.withPath(r, "/other"), prev);
      rewritten.add(again);
      prev = again.hash();
    }
    NodeChainCheck check = check(List.of(signed(rows, 4)), 100, EVERY_10_ROWS_OR_1S.withEveryRows(100), Optional.of(head));
    rewritten.forEach(check::accept);
    check.finish(true);

    assertEquals(1, check.breaks().size(), check.breaks()::toString);
    ChainBreak cut = check.breaks().get(0);
    assertEquals(BreakKind.TRUNCATED_BELOW_SIGNED_HEAD, cut.kind());
    assertEquals(12, cut.sequence());
    assertEquals(head.hash(), cut.expected());
    assertEquals(rewritten.get(11).hash(), cut.stored());
    assertTrue(cut.detail().contains("up to node_seq 4"), cut.detail());
  }

  private static Checkpoint signed(List<AttestationRow> rows, long seq) {
    return SIGNER.sign("n", seq, rows.get((int) seq - 1).hash(), rows.get((int) seq - 1).receivedAt());
  }

  private static NodeChainCheck check(List<Checkpoint> checkpoints, int maxBreaks) {
    return check(checkpoints, maxBreaks, new Cadence(1_000, Duration.ofHours(1), Duration.ZERO), Optional.empty());
  }

  private static NodeChainCheck check(List<Checkpoint> checkpoints, int maxBreaks, Cadence cadence, Optional<Checkpoint> head) {
    return new NodeChainCheck("n", checkpoints.iterator(), TrustedKeys.of(KEYS.publicKey()).byKeyId(Map.of()), maxBreaks,
        cadence, head);
  }

  private static List<AttestationRow> chain(int n) {
    return chain(n, Duration.ZERO);
  }

  /** Rows 1..n; with a non-zero spacing, row k is received (k - 1) × spacing after row 1. */
  private static List<AttestationRow> chain(int n, Duration spacing) {
    List<AttestationRow> rows = new ArrayList<>();
    String prev = ChainHash.GENESIS;
    for (long seq = 1; seq <= n; seq++) {
      AttestationRow content = ChainFixture.content("n", seq);
      if (!spacing.isZero()) content = withReceivedAt(content, ChainFixture.START.plus(spacing.multipliedBy(seq - 1)));
      AttestationRow row = ChainHash.link(content, prev);
      rows.add(row);
      prev = row.hash();
    }
    return rows;
  }

  private static AttestationRow withReceivedAt(AttestationRow r, Instant at) {
    return new AttestationRow(r.attestationId(), r.nodeId(), r.nodeSeq(), at, r.subject(), r.keyId(), r.requestId(),
        r.idempotencyKey(), r.method(), r.path(), r.bodySha256(), r.outcome(), r.problemCode(), r.httpStatus(),
        r.prevHash(), r.hash());
  }
}
