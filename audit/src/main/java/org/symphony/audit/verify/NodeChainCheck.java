package org.symphony.audit.verify;

import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.audit.chain.ChainHash;
import org.symphony.audit.checkpoint.Checkpoint;

/**
 * Checks one node's chain as its rows stream past in (node_seq, received_at) order, merging in the node's
 * checkpoints (also in node_seq order). Holds O(1) state besides the breaks it found, which are capped.
 *
 * <p>Only checkpoints signed by a trusted (pinned) key count. Between two of them, and after the last one, no stretch
 * may break the node's {@link Cadence} (CHECKPOINT_MISSING, once per stretch, at the first row beyond it), so a cut
 * tail cannot end far from a checkpoint; and the database must still hold the head the node published outside it
 * (TRUNCATED_BELOW_SIGNED_HEAD), so a tail cut back to a checkpoint is seen too.
 *
 * <p>After a break it resynchronises on what is stored, so one tampered row yields one break, not a cascade:
 * an edited row is a HASH_MISMATCH there and nothing else (the next row still links to its stored hash); a deleted
 * row is one SEQUENCE_GAP; an inserted duplicate is one SEQUENCE_REPEATED and is otherwise ignored.
 */
final class NodeChainCheck {

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private final String nodeId;
  private final Iterator<Checkpoint> checkpoints;
  private final Map<String, PublicKey> keys;
  private final int maxBreaks;
  private final Cadence cadence;
  private final Optional<Checkpoint> signedHead;
  private final List<ChainBreak> breaks = new ArrayList<>();

  private Checkpoint nextCheckpoint;
  private long lastSeq; // 0 before the first row
  private String lastHash = ChainHash.GENESIS;
  private long rows;
  private long checkpointsChecked;
  private boolean dropped; // a break was found past the cap and not recorded
  // The stretch since the last trusted checkpoint: its position, the first row after it, whether it was reported.
  private long stretchAfter;
  private Instant stretchStartedAt;
  private boolean stretchReported;
  private String storedAtSignedHead; // the row's hash at the signed head's node_seq, once read
  private long lastAgreeingCheckpoint; // highest trusted checkpoint whose row has the signed hash

  /**
   * @param keys the trusted keys by the key id checkpoints name them with
   * @param signedHead the head the node published outside the database, if the verifier has it
   */
  NodeChainCheck(String nodeId, Iterator<Checkpoint> checkpointsInSeqOrder, Map<String, PublicKey> keys, int maxBreaks,
      Cadence cadence, Optional<Checkpoint> signedHead) {
    this.nodeId = nodeId;
    this.checkpoints = checkpointsInSeqOrder;
    this.keys = keys;
    this.maxBreaks = maxBreaks;
    this.cadence = cadence;
    this.signedHead = signedHead;
    this.nextCheckpoint = checkpoints.hasNext() ? checkpoints.next() : null;
  }

  /** Checks the next row; false once the break limit is reached and the caller should stop reading this node. */
  boolean accept(AttestationRow row) {
    rows++;
    long seq = row.nodeSeq();
    if (seq <= lastSeq) {
      // Rows arrive ordered by node_seq, so this is a second row claiming a number already seen.
      add(seq, BreakKind.SEQUENCE_REPEATED, "node_seq=" + (lastSeq + 1), "node_seq=" + seq,
          "a second row claims node_seq " + seq + " (request_id " + row.requestId() + ")");
      return !full();
    }
    boolean afterGap = seq != lastSeq + 1;
    if (afterGap) {
      long missing = seq - lastSeq - 1;
      add(lastSeq + 1, BreakKind.SEQUENCE_GAP, "node_seq=" + (lastSeq + 1), "node_seq=" + seq,
          missing == 1 ? "row " + (lastSeq + 1) + " is missing" : "rows " + (lastSeq + 1) + ".." + (seq - 1) + " are missing");
    }
    checkpointsBefore(seq);
    checkCadence(row);
    // After a gap the link cannot be checked: the row it points to is the missing one.
    if (!afterGap && !row.prevHash().equals(lastHash)) {
      add(seq, BreakKind.PREV_LINK_BROKEN, lastHash, row.prevHash(), "prev_hash is not the hash of row " + lastSeq);
    }
    checkHash(row);
    checkpointAt(seq, row.hash());
    if (signedHead.isPresent() && signedHead.get().nodeSeq() == seq) storedAtSignedHead = row.hash();
    lastSeq = seq;
    lastHash = row.hash();
    return !full();
  }

  /**
   * Ends the node. Checkpoints left over sign rows that are not there: a cut-off tail. {@code readToEnd} is false
   * when the caller stopped early, and then nothing is concluded about the missing rest.
   */
  NodeSummary finish(boolean readToEnd) {
    while (readToEnd && nextCheckpoint != null && !full()) {
      Checkpoint cp = takeCheckpoint();
      if (signatureValid(cp)) {
        add(cp.nodeSeq(), BreakKind.CHECKPOINT_BEYOND_HEAD, cp.hash(), "-",
            "checkpoint signed at " + cp.signedAt() + " covers node_seq " + cp.nodeSeq() + " but the chain ends at "
                + lastSeq + (lastSeq == 0 ? "" : " (hash " + lastHash + ")"));
      }
    }
    if (readToEnd && signedHead.isPresent() && !full()) checkSignedHead(signedHead.get());
    boolean complete = readToEnd && nextCheckpoint == null && !dropped;
    return new NodeSummary(nodeId, rows, lastSeq, lastSeq == 0 ? null : lastHash, checkpointsChecked, breaks.size(), complete);
  }

  List<ChainBreak> breaks() {
    return breaks;
  }

  private void checkHash(AttestationRow row) {
    // Hash the row on its own stored prev_hash. Where the link holds that is the chain's previous hash anyway; where
    // it is broken (reported above) this keeps it one break instead of also flagging the row's content.
    String basis = HASH.matcher(row.prevHash()).matches() ? row.prevHash() : lastHash;
    String expected = HASH.matcher(basis).matches() ? ChainHash.hashOf(row, basis) : "-";
    if (!expected.equals(row.hash())) {
      add(row.nodeSeq(), BreakKind.HASH_MISMATCH, expected, row.hash(), "row content does not match its hash");
    }
  }

  /** One break per stretch without a trusted checkpoint that has more rows, or spans more time, than promised. */
  private void checkCadence(AttestationRow row) {
    if (stretchStartedAt == null) stretchStartedAt = row.receivedAt();
    if (stretchReported) return;
    long unsigned = row.nodeSeq() - stretchAfter;
    Instant latest = stretchStartedAt.plus(cadence.longestSpan());
    if (unsigned > cadence.everyRows()) {
      stretchReported = true;
      add(row.nodeSeq(), BreakKind.CHECKPOINT_MISSING, "checkpoint by node_seq=" + (stretchAfter + cadence.everyRows()),
          "node_seq=" + row.nodeSeq(), "no trusted checkpoint after node_seq " + stretchAfter + " for more than "
              + cadence.everyRows() + " rows: the node signs every " + cadence.everyRows() + " rows");
    } else if (row.receivedAt().isAfter(latest)) {
      stretchReported = true;
      add(row.nodeSeq(), BreakKind.CHECKPOINT_MISSING, "checkpoint by received_at=" + latest,
          "received_at=" + row.receivedAt(), "no trusted checkpoint after node_seq " + stretchAfter + " for longer than "
              + cadence.every() + " (+ " + cadence.slack() + " slack) of rows received from " + stretchStartedAt);
    }
  }

  /** A trusted checkpoint at {@code seq}: the next stretch starts after it. */
  private void stretchSignedAt(long seq) {
    stretchAfter = seq;
    stretchStartedAt = null;
    stretchReported = false;
  }

  /** The database must hold the head the node published outside it: as many rows, and the same hash there. */
  private void checkSignedHead(Checkpoint head) {
    PublicKey key = keys.get(head.keyId());
    if (key == null || !head.isSignedBy(key)) {
      add(head.nodeSeq(), BreakKind.CHECKPOINT_SIGNATURE_INVALID, "signature by key " + head.keyId(), head.signature(),
          "the signed head given to the verifier is not signed by a trusted key");
      return;
    }
    String published = "the node published a signed head at node_seq " + head.nodeSeq() + " (signed at "
        + head.signedAt() + ")";
    if (lastSeq < head.nodeSeq()) {
      add(lastSeq + 1, BreakKind.TRUNCATED_BELOW_SIGNED_HEAD, head.hash(), "-",
          published + " but the database ends at node_seq " + lastSeq + ": rows " + (lastSeq + 1) + ".." + head.nodeSeq()
              + " are gone");
    } else if (!head.hash().equals(storedAtSignedHead)) {
      add(head.nodeSeq(), BreakKind.TRUNCATED_BELOW_SIGNED_HEAD, head.hash(), storedAtSignedHead == null ? "-" : storedAtSignedHead,
          published + " but the database holds " + (storedAtSignedHead == null ? "no row" : "another row") + " there; "
              + "the stored chain agrees with trusted checkpoints up to node_seq " + lastAgreeingCheckpoint + " at most");
    }
  }

  /** Checkpoints at sequences the stream skipped (rows that are missing). */
  private void checkpointsBefore(long seq) {
    while (nextCheckpoint != null && nextCheckpoint.nodeSeq() < seq) {
      Checkpoint cp = takeCheckpoint();
      if (signatureValid(cp)) {
        stretchSignedAt(cp.nodeSeq());
        add(cp.nodeSeq(), BreakKind.CHECKPOINT_MISMATCH, cp.hash(), "-", "the signed row " + cp.nodeSeq() + " is missing");
      }
    }
  }

  private void checkpointAt(long seq, String storedHash) {
    while (nextCheckpoint != null && nextCheckpoint.nodeSeq() == seq) {
      Checkpoint cp = takeCheckpoint();
      if (!signatureValid(cp)) continue;
      stretchSignedAt(seq);
      if (cp.hash().equals(storedHash)) {
        lastAgreeingCheckpoint = seq;
      } else {
        add(seq, BreakKind.CHECKPOINT_MISMATCH, cp.hash(), storedHash,
            "signed at " + cp.signedAt() + " with key " + cp.keyId() + "; the stored row at this node_seq has another hash");
      }
    }
  }

  /** Checks the signature, reporting a bad one; a checkpoint with a bad signature says nothing about the chain. */
  private boolean signatureValid(Checkpoint cp) {
    PublicKey key = keys.get(cp.keyId());
    if (key != null && cp.isSignedBy(key)) return true;
    add(cp.nodeSeq(), BreakKind.CHECKPOINT_SIGNATURE_INVALID, "signature by key " + cp.keyId(), cp.signature(),
        key == null ? "key " + cp.keyId() + " is not pinned (keys stored in the database are not trusted by themselves)"
            : "signature does not verify with key " + cp.keyId());
    return false;
  }

  private Checkpoint takeCheckpoint() {
    Checkpoint cp = nextCheckpoint;
    nextCheckpoint = checkpoints.hasNext() ? checkpoints.next() : null;
    checkpointsChecked++;
    return cp;
  }

  private void add(long seq, BreakKind kind, String expected, String stored, String detail) {
    if (full()) {
      dropped = true;
      return;
    }
    breaks.add(new ChainBreak(nodeId, seq, kind, expected, stored, detail));
  }

  private boolean full() {
    return breaks.size() >= maxBreaks;
  }
}
