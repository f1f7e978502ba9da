package org.symphony.engine.participant;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.participant.ParticipantCommand.Refusal;
import org.symphony.engine.participant.ParticipantEvent.*;
import org.symphony.engine.serialization.CborSerializable;

/**
 * A participant's sequencer, policy and exposure. Immutable: every event returns a new state.
 * reservedMinor always equals the sum of open amounts per currency (checked on every change).
 *
 * @param policyVersion raised by one on every suspension, reinstatement and limit change; tokens carry it
 * @param usage amounts sequenced over the last day, for the rolling caps
 */
public record ParticipantState(
    long lastSequenceId,
    Standing standing,
    LimitProfile limits,
    long policyVersion,
    OpenInstructions open,
    Map<Currency, Long> reservedMinor,
    Map<Currency, Long> committedMinor,
    RollingUsage usage)
    implements CborSerializable {

  /** The version tokens were issued with before any policy change. */
  public static final long INITIAL_POLICY_VERSION = 1;

  public ParticipantState {
    reservedMinor = Map.copyOf(reservedMinor);
    committedMinor = Map.copyOf(committedMinor);
    // Snapshots from before policy versions and rolling caps: the version tokens carry, no usage history.
    if (policyVersion == 0) policyVersion = INITIAL_POLICY_VERSION;
    if (usage == null) usage = RollingUsage.empty();
    if (policyVersion < INITIAL_POLICY_VERSION) throw new IllegalArgumentException("policyVersion " + policyVersion);
  }

  public static ParticipantState initial() {
    return new ParticipantState(
        0, Standing.ACTIVE, LimitProfile.unlimited(), INITIAL_POLICY_VERSION, OpenInstructions.empty(), Map.of(), Map.of(),
        RollingUsage.empty());
  }

  public long nextSequenceId() {
    return lastSequenceId + 1;
  }

  public PolicySnapshot policy() {
    return new PolicySnapshot(standing, limits, policyVersion);
  }

  /** Policy decision for a new instruction, evaluated where the money decision is made. */
  public Numbered decide(String instructionId, Money amount, Instant at) {
    return decide(instructionId, amount, null, at);
  }

  /**
   * Numbers the instruction and decides it: the refusal passed in, then the kill-switch, then the single,
   * hourly, daily and net-debit caps, first failure wins. Either way the sequence id is consumed (INV-SEQ).
   */
  public Numbered decide(String instructionId, Money amount, Refusal refusal, Instant at) {
    long seq = nextSequenceId();
    Optional<Refusal> refused = refusal != null ? Optional.of(refusal) : policyRefusal(amount, at);
    return refused
        .<Numbered>map(r -> new InstructionRefused(seq, instructionId, amount, r.code(), r.detail(), at))
        .orElseGet(() -> new InstructionSequenced(seq, instructionId, amount, at));
  }

  /** The first policy rule the amount breaks at {@code at}; empty when within policy. */
  Optional<Refusal> policyRefusal(Money amount, Instant at) {
    if (standing == Standing.SUSPENDED) return refuse("PARTICIPANT_SUSPENDED", "participant is suspended");
    Currency c = amount.currency();
    var single = limits.maxSingle(c);
    if (single.isPresent() && amount.exceeds(single.get()))
      return refuse("LIMIT_SINGLE", "amount " + amount + " exceeds the single limit " + single.get());
    var hourlyCap = limits.hourlyCap(c);
    if (hourlyCap.isPresent()) {
      Money used = usage.hourly(c, at);
      if (over(used, amount, hourlyCap.get())) return refuse("LIMIT_HOURLY", windowDetail("hourly", amount, used, hourlyCap.get()));
    }
    var dailyCap = limits.dailyCap(c);
    if (dailyCap.isPresent()) {
      Money used = usage.daily(c, at);
      if (over(used, amount, dailyCap.get())) return refuse("LIMIT_DAILY", windowDetail("daily", amount, used, dailyCap.get()));
    }
    var netDebitCap = limits.netDebitCap(c);
    if (netDebitCap.isPresent()) {
      Money position = netDebit(c);
      if (over(position, amount, netDebitCap.get()))
        return refuse(
            "NET_DEBIT_CAP",
            "amount " + amount + " would bring the net debit position from " + position + " (reserved " + reserved(c)
                + ", committed " + committed(c) + ") to " + position.plus(amount) + ", above the net debit cap "
                + netDebitCap.get());
    }
    return Optional.empty();
  }

  /** used + amount > cap, without overflow: cap - used cannot overflow, both being non-negative. */
  private static boolean over(Money used, Money amount, Money cap) {
    return amount.amountMinor() > cap.amountMinor() - used.amountMinor();
  }

  private static String windowDetail(String window, Money amount, Money used, Money cap) {
    return "amount " + amount + " would bring the rolling " + window + " usage from " + used + " to " + used.plus(amount)
        + ", above the " + window + " cap " + cap;
  }

  private static Optional<Refusal> refuse(String code, String detail) {
    return Optional.of(new Refusal(code, detail));
  }

  /** Empty when already suspended: a repeated kill-switch changes nothing and raises no version. */
  public Optional<Suspended> suspend(String by, String reason, Instant at) {
    if (standing == Standing.SUSPENDED) return Optional.empty();
    return Optional.of(new Suspended(by, reason, policy(), nextPolicy(Standing.SUSPENDED, limits), at));
  }

  /** Empty when already active. */
  public Optional<Reinstated> reinstate(String by, String reason, Instant at) {
    if (standing == Standing.ACTIVE) return Optional.empty();
    return Optional.of(new Reinstated(by, reason, policy(), nextPolicy(Standing.ACTIVE, limits), at));
  }

  /** Empty when the limits are already these. The caller validates them first ({@link LimitProfile#problems()}). */
  public Optional<LimitsChanged> changeLimits(LimitProfile next, String by, String reason, Instant at) {
    if (next.equals(limits)) return Optional.empty();
    return Optional.of(new LimitsChanged(by, reason, policy(), nextPolicy(standing, next), at));
  }

  private PolicySnapshot nextPolicy(Standing nextStanding, LimitProfile nextLimits) {
    return new PolicySnapshot(nextStanding, nextLimits, policyVersion + 1);
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
          policyVersion,
          open.with(new OpenInstruction(e.instructionId(), e.sequenceId(), e.amount(), e.at())),
          add(reservedMinor, e.amount().currency(), e.amount().amountMinor()),
          committedMinor,
          usage.plusSequenced(e.amount(), e.at()));
    } else if (event instanceof InstructionRefused e) {
      requireNext(e.sequenceId());
      return new ParticipantState(e.sequenceId(), standing, limits, policyVersion, open, reservedMinor, committedMinor, usage);
    } else if (event instanceof InstructionSettled e) {
      OpenInstruction o =
          open.get(e.instructionId()).orElseThrow(() -> new IllegalStateException("settled but not open: " + e.instructionId()));
      long minor = o.amount().amountMinor();
      Currency c = o.amount().currency();
      boolean succeeded = e.outcome() == Outcome.SUCCEEDED;
      return new ParticipantState(
          lastSequenceId,
          standing,
          limits,
          policyVersion,
          open.without(e.instructionId()),
          add(reservedMinor, c, -minor),
          succeeded ? add(committedMinor, c, minor) : committedMinor,
          // Money that moved keeps counting towards the rolling caps; money that did not, stops.
          succeeded ? usage : usage.minusReleased(o.amount(), o.sequencedAt()));
    } else if (event instanceof SequenceVoided e) {
      OpenInstruction o =
          open.get(e.instructionId()).orElseThrow(() -> new IllegalStateException("voided but not open: " + e.instructionId()));
      return new ParticipantState(
          lastSequenceId,
          standing,
          limits,
          policyVersion,
          open.without(e.instructionId()),
          add(reservedMinor, o.amount().currency(), -o.amount().amountMinor()),
          committedMinor,
          usage.minusReleased(o.amount(), o.sequencedAt()));
    } else if (event instanceof PolicyChanged e) {
      // The event states the policy it replaced: it must be this one, and the version moves by exactly one.
      if (!e.before().equals(policy()) || e.after().policyVersion() != policyVersion + 1)
        throw new IllegalStateException("policy change " + e + " does not follow " + policy());
      PolicySnapshot p = e.after();
      return new ParticipantState(
          lastSequenceId, p.standing(), p.limits(), p.policyVersion(), open, reservedMinor, committedMinor, usage);
    }
    throw new IllegalStateException("unknown event " + event);
  }

  public Money reserved(Currency c) {
    return new Money(reservedMinor.getOrDefault(c, 0L), c);
  }

  public Money committed(Currency c) {
    return new Money(committedMinor.getOrDefault(c, 0L), c);
  }

  /** Symphony sees only the participant's outflows: its net debit is what it sent plus what it is sending. */
  public Money netDebit(Currency c) {
    return reserved(c).plus(committed(c));
  }

  public Money hourlyUsage(Currency c, Instant now) {
    return usage.hourly(c, now);
  }

  public Money dailyUsage(Currency c, Instant now) {
    return usage.daily(c, now);
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
