package org.symphony.engine.participant;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.symphony.engine.money.Currency;
import org.symphony.engine.serialization.CborSerializable;

/**
 * What operators see of a participant, as of {@code asOf}: policy, sequence, and per currency the
 * position and rolling usage (every currency Symphony accepts, zeros included).
 */
public record ParticipantView(
    String participantId,
    Standing standing,
    long policyVersion,
    LimitProfile limits,
    long lastSequenceId,
    int openInstructions,
    Map<Currency, CurrencyPosition> positions,
    Instant asOf)
    implements CborSerializable {

  public ParticipantView {
    positions = Map.copyOf(positions);
  }

  static ParticipantView of(String participantId, ParticipantState s, Instant now) {
    EnumMap<Currency, CurrencyPosition> positions = new EnumMap<>(Currency.class);
    for (Currency c : Currency.values())
      positions.put(
          c,
          new CurrencyPosition(
              s.reserved(c).amountMinor(),
              s.committed(c).amountMinor(),
              s.netDebit(c).amountMinor(),
              s.hourlyUsage(c, now).amountMinor(),
              s.dailyUsage(c, now).amountMinor()));
    return new ParticipantView(
        participantId, s.standing(), s.policyVersion(), s.limits(), s.lastSequenceId(), s.open().size(), positions, now);
  }

  /** Reserved per currency, in minor units. */
  public Map<Currency, Long> reservedMinor() {
    EnumMap<Currency, Long> m = new EnumMap<>(Currency.class);
    positions.forEach((c, p) -> m.put(c, p.reservedMinor()));
    return m;
  }

  /** Committed per currency, in minor units. */
  public Map<Currency, Long> committedMinor() {
    EnumMap<Currency, Long> m = new EnumMap<>(Currency.class);
    positions.forEach((c, p) -> m.put(c, p.committedMinor()));
    return m;
  }
}
