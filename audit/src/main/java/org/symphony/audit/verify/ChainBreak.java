package org.symphony.audit.verify;

/**
 * One broken position in a node's chain. {@code expected} and {@code stored} are hashes for the hash kinds
 * (HASH_MISMATCH: recomputed vs stored; PREV_LINK_BROKEN: previous row's hash vs this row's prev_hash;
 * CHECKPOINT_MISMATCH / CHECKPOINT_BEYOND_HEAD: signed vs stored, "-" when there is no row), {@code node_seq=<n>}
 * for the sequence kinds, key id vs signature for CHECKPOINT_SIGNATURE_INVALID, the checkpoint that was due vs the
 * row found for CHECKPOINT_MISSING, and the signed head's hash vs the stored one ("-" for none) for
 * TRUNCATED_BELOW_SIGNED_HEAD, whose sequence is the first position missing. {@code detail} says it in words.
 */
public record ChainBreak(String nodeId, long sequence, BreakKind kind, String expected, String stored, String detail) {

  /** The report line the CLI prints, e.g. {@code BROKEN node=n1 seq=437 kind=HASH_MISMATCH expected=… stored=…}. */
  public String line() {
    return "BROKEN node=" + nodeId + " seq=" + sequence + " kind=" + kind + " expected=" + expected + " stored=" + stored;
  }
}
