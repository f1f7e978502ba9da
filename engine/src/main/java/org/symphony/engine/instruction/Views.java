package org.symphony.engine.instruction;

import java.time.Instant;
import org.symphony.engine.instruction.InstructionState.*;

/** Renders a state as the participant-facing view. */
final class Views {

  private Views() {}

  /**
   * The response recorded when the instruction was accepted: what a replay answers while the instruction
   * is in progress, identical for every replay (clients follow the live state with GET).
   */
  static InstructionView asAccepted(Known state) {
    Terms t = state.terms();
    return new InstructionView(
        t.instructionId(), t.participantId(), t.sequenceId(), InstructionStatus.PENDING, t.amount(), t.creditor(),
        t.reference(), null, null, null, null, t.acceptedAt(), t.acceptedAt());
  }

  static InstructionView of(Known state) {
    Terms t = state.terms();
    String railId = null, railReference = null, failureCode = null, failureDetail = null;
    Instant updatedAt = t.acceptedAt();
    if (state instanceof InFlight s) {
      railId = s.dispatch().railId();
      updatedAt = s.since();
    } else if (state instanceof Recovering s) {
      railId = s.dispatch().railId();
      updatedAt = s.since();
    } else if (state instanceof Succeeded s) {
      railId = s.dispatch().railId();
      railReference = s.railReference();
      updatedAt = s.at();
    } else if (state instanceof Failed s) {
      railId = s.dispatch() == null ? null : s.dispatch().railId();
      failureCode = s.code();
      failureDetail = s.detail();
      updatedAt = s.at();
    } else if (state instanceof OutcomeUnknown s) {
      railId = s.dispatch().railId();
      failureCode = "OUTCOME_UNKNOWN";
      failureDetail = s.reason();
      updatedAt = s.at();
    } else if (state instanceof Rejected s) {
      failureCode = s.code();
      failureDetail = s.detail();
      updatedAt = s.at();
    }
    return new InstructionView(
        t.instructionId(),
        t.participantId(),
        t.sequenceId(),
        state.status(),
        t.amount(),
        t.creditor(),
        t.reference(),
        railId,
        railReference,
        failureCode,
        failureDetail,
        t.acceptedAt(),
        updatedAt);
  }
}
