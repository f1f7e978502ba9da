package org.symphony.node.scenario;

/** What a planned instruction is for, and so what answer the scenario expects for it. */
public enum InstructionKind {
  /** A valid instruction within limits: expected 202, then a terminal state. */
  NORMAL,
  /** A valid instruction sent twice at once with the same Idempotency-Key and body: one effect, one replay. */
  DOUBLE_TAP,
  /** A body the edge refuses (400): attested as rejected, never executed. */
  INVALID,
  /** Above the participant's single-payment cap the scenario sets: 422 LIMIT_SINGLE, an instruction REJECTED. */
  OVER_LIMIT
}
