package org.symphony.audit.reconcile;

/** The reconciliation worker's findings, as stored in {@code reconciliation_record.kind}. */
public enum ReconciliationKind {
  /** The attestation's own instruction exists: the node died after the engine persisted, before the outcome row. */
  ACCOUNTED_BY_INSTRUCTION,
  /** Another attestation under the same participant + Idempotency-Key (a retry) created the instruction. */
  ACCOUNTED_BY_RETRY,
  /** No instruction after the retry window: the participant must resubmit (payloads are not stored). */
  GHOST,
  /** Two operators closed the ghost: the participant was told and will not resubmit. */
  GHOST_ABANDONED,
  /** A sequence id closed as VOID by its participant (never accepted; INV-SEQ). */
  SEQUENCE_VOID
}
