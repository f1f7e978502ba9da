package org.symphony.audit.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  private static NodeChainCheck check(List<Checkpoint> checkpoints, int maxBreaks) {
    return new NodeChainCheck("n", checkpoints.iterator(), Map.of(KEYS.keyId(), KEYS.publicKey()), maxBreaks);
  }

  private static List<AttestationRow> chain(int n) {
    List<AttestationRow> rows = new ArrayList<>();
    String prev = ChainHash.GENESIS;
    for (long seq = 1; seq <= n; seq++) {
      AttestationRow row = ChainHash.link(ChainFixture.content("n", seq), prev);
      rows.add(row);
      prev = row.hash();
    }
    return rows;
  }
}
