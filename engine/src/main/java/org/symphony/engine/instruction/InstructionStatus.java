package org.symphony.engine.instruction;

/** The lifecycle of an instruction as participants and operators see it. */
public enum InstructionStatus {
  PENDING,
  IN_FLIGHT,
  RECOVERING,
  SUCCEEDED,
  FAILED,
  REJECTED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == REJECTED;
  }
}
