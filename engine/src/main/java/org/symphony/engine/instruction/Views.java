package org.symphony.engine.instruction;

import java.time.Instant;
import org.symphony.engine.instruction.InstructionState.*;

/** Renders a state as the participant-facing view. */
final class Views {

  private Views() {}

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
