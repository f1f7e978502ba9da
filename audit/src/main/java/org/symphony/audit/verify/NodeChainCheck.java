package org.symphony.audit.verify;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.audit.chain.ChainHash;
import org.symphony.audit.checkpoint.Checkpoint;

/**
 * Checks one node's chain as its rows stream past in (node_seq, received_at) order, merging in the node's
 * checkpoints (also in node_seq order). Holds O(1) state besides the breaks it found, which are capped.
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
  private final List<ChainBreak> breaks = new ArrayList<>();

  private Checkpoint nextCheckpoint;
  private long lastSeq; // 0 before the first row
  private String lastHash = ChainHash.GENESIS;
  private long rows;
  private long checkpointsChecked;
  private boolean dropped; // a break was found past the cap and not recorded

  NodeChainCheck(String nodeId, Iterator<Checkpoint> checkpointsInSeqOrder, Map<String, PublicKey> keys, int maxBreaks) {
    this.nodeId = nodeId;
    this.checkpoints = checkpointsInSeqOrder;
    this.keys = keys;
    this.maxBreaks = maxBreaks;
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
    // After a gap the link cannot be checked: the row it points to is the missing one.
    if (!afterGap && !row.prevHash().equals(lastHash)) {
      add(seq, BreakKind.PREV_LINK_BROKEN, lastHash, row.prevHash(), "prev_hash is not the hash of row " + lastSeq);
    }
    checkHash(row);
    checkpointAt(seq, row.hash());
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

  /** Checkpoints at sequences the stream skipped (rows that are missing). */
  private void checkpointsBefore(long seq) {
    while (nextCheckpoint != null && nextCheckpoint.nodeSeq() < seq) {
      Checkpoint cp = takeCheckpoint();
      if (signatureValid(cp)) {
        add(cp.nodeSeq(), BreakKind.CHECKPOINT_MISMATCH, cp.hash(), "-", "the signed row " + cp.nodeSeq() + " is missing");
      }
    }
  }

  private void checkpointAt(long seq, String storedHash) {
    while (nextCheckpoint != null && nextCheckpoint.nodeSeq() == seq) {
      Checkpoint cp = takeCheckpoint();
      if (signatureValid(cp) && !cp.hash().equals(storedHash)) {
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
        key == null ? "key " + cp.keyId() + " is not registered, not trusted or not a valid Ed25519 key"
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
