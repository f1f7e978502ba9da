package org.symphony.audit.verify;

/** How a node's chain is broken; see {@link ChainBreak} for what expected and stored hold for each kind. */
public enum BreakKind {
  /** The row's hash is not SHA-256(canonical(row) || prev_hash): the row was edited. */
  HASH_MISMATCH,
  /** The row's prev_hash is not the previous row's hash: rows were inserted, removed or reordered. */
  PREV_LINK_BROKEN,
  /** node_seq skips numbers: rows were deleted. */
  SEQUENCE_GAP,
  /** node_seq occurs twice: a row was inserted. */
  SEQUENCE_REPEATED,
  /** A validly signed checkpoint's hash differs from the stored hash at its node_seq (or that row is missing). */
  CHECKPOINT_MISMATCH,
  /** A checkpoint's (or a given signed head's) signature does not verify with a pinned key, or its key is not pinned. */
  CHECKPOINT_SIGNATURE_INVALID,
  /** A validly signed checkpoint covers a node_seq past the end of the chain: the tail was cut off. */
  CHECKPOINT_BEYOND_HEAD,
  /** More rows, or a longer span of received_at, than the node's checkpoint cadence without a trusted checkpoint. */
  CHECKPOINT_MISSING,
  /** The database holds less than the head the node published outside it: fewer rows, or another row there. */
  TRUNCATED_BELOW_SIGNED_HEAD
}
