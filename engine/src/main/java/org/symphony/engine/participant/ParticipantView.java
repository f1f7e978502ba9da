package org.symphony.engine.participant;

import java.util.Map;
import org.symphony.engine.money.Currency;
import org.symphony.engine.serialization.CborSerializable;

/** What operators see of a participant. Amounts in minor units per currency. */
public record ParticipantView(
    String participantId,
    Standing standing,
    long lastSequenceId,
    int openInstructions,
    Map<Currency, Long> reservedMinor,
    Map<Currency, Long> committedMinor,
    LimitProfile limits)
    implements CborSerializable {

  static ParticipantView of(String participantId, ParticipantState s) {
    return new ParticipantView(
        participantId, s.standing(), s.lastSequenceId(), s.open().size(), s.reservedMinor(), s.committedMinor(), s.limits());
  }
}
