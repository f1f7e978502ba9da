package org.symphony.engine.instruction;

/** The lifecycle of an instruction as participants and operators see it. */
public enum InstructionStatus {
  PENDING,
  IN_FLIGHT,
  RECOVERING,
  SUCCEEDED,
  FAILED,
  REJECTED,
  /** The rail never gave a final answer within the TTL: kept open for an operator, never assumed failed. */
  UNKNOWN_OUTCOME;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == REJECTED;
  }
}
