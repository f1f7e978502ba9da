package org.symphony.node.scenario;

import java.util.Objects;

/**
 * One instruction of a scenario, fixed before anything is sent.
 *
 * @param rail the rail its creditor routes to (for an invalid body, the rail it would have gone to)
 * @param instructionId the id the engine derives from participant + key
 */
public record PlannedInstruction(
    int index,
    String participant,
    String idempotencyKey,
    InstructionKind kind,
    String rail,
    String currency,
    long amountMinor,
    String body,
    String instructionId) {

  public PlannedInstruction {
    Objects.requireNonNull(participant, "participant");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(rail, "rail");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(instructionId, "instructionId");
  }

  /** How many copies are sent at the same time. */
  public int copies() {
    return kind == InstructionKind.DOUBLE_TAP ? 2 : 1;
  }
}
