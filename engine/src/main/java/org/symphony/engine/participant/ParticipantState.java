package org.symphony.engine.participant;

import java.util.EnumMap;
import java.util.Map;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.participant.ParticipantEvent.*;
import org.symphony.engine.serialization.CborSerializable;

/**
 * A participant's sequencer and exposure. Immutable: every event returns a new state.
 * reservedMinor always equals the sum of open amounts per currency (checked on every change).
 */
public record ParticipantState(
    long lastSequenceId,
    Standing standing,
    LimitProfile limits,
    OpenInstructions open,
    Map<Currency, Long> reservedMinor,
    Map<Currency, Long> committedMinor)
    implements CborSerializable {

  public ParticipantState {
    reservedMinor = Map.copyOf(reservedMinor);
    committedMinor = Map.copyOf(committedMinor);
  }

  public static ParticipantState initial() {
    return new ParticipantState(0, Standing.ACTIVE, LimitProfile.unlimited(), OpenInstructions.empty(), Map.of(), Map.of());
  }

  public long nextSequenceId() {
    return lastSequenceId + 1;
  }

  /** Policy decision for a new instruction, evaluated where the money decision is made. */
  public ParticipantEvent.Numbered decide(String instructionId, Money amount, java.time.Instant at) {
    return decide(instructionId, amount, null, at);
  }

  public ParticipantEvent.Numbered decide(
      String instructionId, Money amount, ParticipantCommand.Refusal refusal, java.time.Instant at) {
    long seq = nextSequenceId();
    if (refusal != null) return new InstructionRefused(seq, instructionId, amount, refusal.code(), refusal.detail(), at);
    if (standing == Standing.SUSPENDED)
      return new InstructionRefused(seq, instructionId, amount, "PARTICIPANT_SUSPENDED", "participant is suspended", at);
    var cap = limits.maxSingle(amount.currency());
    if (cap.isPresent() && amount.exceeds(cap.get()))
      return new InstructionRefused(
          seq, instructionId, amount, "LIMIT_SINGLE", "amount " + amount + " exceeds the single limit " + cap.get(), at);
    return new InstructionSequenced(seq, instructionId, amount, at);
  }

  public ParticipantState apply(ParticipantEvent event) {
    if (event instanceof InstructionSequenced e) {
      requireNext(e.sequenceId());
      if (open.get(e.instructionId()).isPresent())
        throw new IllegalStateException("instruction " + e.instructionId() + " sequenced twice");
      return new ParticipantState(
          e.sequenceId(),
          standing,
          limits,
          open.with(new OpenInstruction(e.instructionId(), e.sequenceId(), e.amount(), e.at())),
          add(reservedMinor, e.amount().currency(), e.amount().amountMinor()),
          committedMinor);
    } else if (event instanceof InstructionRefused e) {
      requireNext(e.sequenceId());
      return new ParticipantState(e.sequenceId(), standing, limits, open, reservedMinor, committedMinor);
    } else if (event instanceof InstructionSettled e) {
      OpenInstruction o =
          open.get(e.instructionId()).orElseThrow(() -> new IllegalStateException("settled but not open: " + e.instructionId()));
      long minor = o.amount().amountMinor();
      Currency c = o.amount().currency();
      return new ParticipantState(
          lastSequenceId,
          standing,
          limits,
          open.without(e.instructionId()),
          add(reservedMinor, c, -minor),
          e.outcome() == Outcome.SUCCEEDED ? add(committedMinor, c, minor) : committedMinor);
    } else if (event instanceof SequenceVoided e) {
      OpenInstruction o =
          open.get(e.instructionId()).orElseThrow(() -> new IllegalStateException("voided but not open: " + e.instructionId()));
      return new ParticipantState(
          lastSequenceId,
          standing,
          limits,
          open.without(e.instructionId()),
          add(reservedMinor, o.amount().currency(), -o.amount().amountMinor()),
          committedMinor);
    } else if (event instanceof Suspended) {
      return new ParticipantState(lastSequenceId, Standing.SUSPENDED, limits, open, reservedMinor, committedMinor);
    } else if (event instanceof Reinstated) {
      return new ParticipantState(lastSequenceId, Standing.ACTIVE, limits, open, reservedMinor, committedMinor);
    } else if (event instanceof LimitsChanged e) {
      return new ParticipantState(lastSequenceId, standing, e.after(), open, reservedMinor, committedMinor);
    }
    throw new IllegalStateException("unknown event " + event);
  }

  public Money reserved(Currency c) {
    return new Money(reservedMinor.getOrDefault(c, 0L), c);
  }

  public Money committed(Currency c) {
    return new Money(committedMinor.getOrDefault(c, 0L), c);
  }

  private void requireNext(long sequenceId) {
    if (sequenceId != lastSequenceId + 1)
      throw new IllegalStateException("sequence gap: expected " + (lastSequenceId + 1) + " got " + sequenceId);
  }

  private static Map<Currency, Long> add(Map<Currency, Long> m, Currency c, long delta) {
    EnumMap<Currency, Long> copy = new EnumMap<>(Currency.class);
    copy.putAll(m);
    long next = Math.addExact(copy.getOrDefault(c, 0L), delta);
    if (next < 0) throw new IllegalStateException("position would go negative for " + c + ": " + next);
    copy.put(c, next);
    return copy;
  }
}
