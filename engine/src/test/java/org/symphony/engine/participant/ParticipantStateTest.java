package org.symphony.engine.participant;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.participant.ParticipantCommand.Refusal;
import org.symphony.engine.participant.ParticipantEvent.*;

/** The policy rules of sequencing, decided on the immutable state: limits, kill-switch, policy versions. */
class ParticipantStateTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:30Z");

  private ParticipantState state = ParticipantState.initial();

  // --- single limit ---

  @Test
  void singleLimitPassesUnderAndAtTheCapAndRefusesOneMinorUnitOver() {
    limits(CurrencyLimits.NONE.withMaxSingleMinor(1_000L));
    assertSequenced(sequence("under", 999, T0));
    assertSequenced(sequence("at", 1_000, T0));
    var over = assertRefused("LIMIT_SINGLE", sequence("over", 1_001, T0));
    assertEquals("amount 10.01 ZMW exceeds the single limit 10.00 ZMW", over.detail());
  }

  // --- rolling hourly and daily caps ---

  @Test
  void hourlyCapPassesAtTheCapAndRefusesOneMinorUnitOverWithTheUsageInTheDetail() {
    limits(CurrencyLimits.NONE.withHourlyCapMinor(10_000L));
    assertSequenced(sequence("a", 6_000, T0));
    assertSequenced(sequence("b", 3_999, T0.plusSeconds(60)));
    assertSequenced(sequence("c", 1, T0.plusSeconds(120))); // exactly at the cap
    var over = assertRefused("LIMIT_HOURLY", sequence("d", 1, T0.plusSeconds(180)));
    assertEquals(
        "amount 0.01 ZMW would bring the rolling hourly usage from 100.00 ZMW to 100.01 ZMW, above the hourly cap 100.00 ZMW",
        over.detail());
  }

  @Test
  void dailyCapPassesAtTheCapAndRefusesOneMinorUnitOver() {
    limits(CurrencyLimits.NONE.withDailyCapMinor(50_000L));
    assertSequenced(sequence("a", 20_000, T0));
    assertSequenced(sequence("b", 29_999, T0.plus(Duration.ofHours(5))));
    assertSequenced(sequence("at", 1, T0.plus(Duration.ofHours(10))));
    var over = assertRefused("LIMIT_DAILY", sequence("over", 1, T0.plus(Duration.ofHours(23))));
    assertTrue(over.detail().contains("from 500.00 ZMW to 500.01 ZMW, above the daily cap 500.00 ZMW"), over.detail());
  }

  @Test
  void anAmountSequenced61MinutesAgoNoLongerCountsHourlyButStillCountsDaily() {
    limits(CurrencyLimits.NONE.withHourlyCapMinor(1_000L).withDailyCapMinor(1_500L));
    assertSequenced(sequence("early", 1_000, T0));
    assertRefused("LIMIT_HOURLY", sequence("within-the-hour", 1, T0.plus(Duration.ofMinutes(59))));

    Instant later = T0.plus(Duration.ofMinutes(61));
    assertEquals(zmw(0), state.hourlyUsage(Currency.ZMW, later));
    assertEquals(zmw(1_000), state.dailyUsage(Currency.ZMW, later));
    assertSequenced(sequence("next-hour", 500, later)); // hourly free again; daily now exactly at 1_500
    assertRefused("LIMIT_DAILY", sequence("over-the-day", 1, later.plusSeconds(60)));

    Instant nextDay = T0.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(2));
    assertEquals(zmw(500), state.dailyUsage(Currency.ZMW, nextDay), "the first amount left the day; the second not yet");
  }

  @Test
  void theMinuteBoundaryErrsOnTheSideOfCounting() {
    limits(CurrencyLimits.NONE.withHourlyCapMinor(1_000L));
    assertSequenced(sequence("a", 1_000, T0));
    // 60 minutes later the window still reaches into the minute of T0: refused rather than over-allowed.
    assertRefused("LIMIT_HOURLY", sequence("b", 1, T0.plus(Duration.ofMinutes(60))));
    assertSequenced(sequence("c", 1, T0.plus(Duration.ofMinutes(61))));
  }

  @Test
  void releasedAmountsNoLongerCountButCommittedOnesDo() {
    limits(CurrencyLimits.NONE.withHourlyCapMinor(1_000L).withDailyCapMinor(1_000L));
    sequence("failed", 400, T0);
    sequence("succeeded", 300, T0);
    sequence("voided", 300, T0);
    assertRefused("LIMIT_HOURLY", sequence("refused", 1, T0.plusSeconds(10)));

    state = state.apply(new InstructionSettled("failed", Outcome.FAILED, zmw(400), T0.plusSeconds(20)));
    state = state.apply(new InstructionSettled("succeeded", Outcome.SUCCEEDED, zmw(300), T0.plusSeconds(20)));
    state = state.apply(new SequenceVoided(3, "voided", zmw(300), "NEVER_ACCEPTED", "test", T0.plusSeconds(20)));

    Instant now = T0.plusSeconds(30);
    assertEquals(zmw(300), state.hourlyUsage(Currency.ZMW, now), "only the committed amount still counts");
    assertEquals(zmw(300), state.dailyUsage(Currency.ZMW, now));
    assertSequenced(sequence("fits-again", 700, now));
    assertRefused("LIMIT_HOURLY", sequence("one-over", 1, now));
  }

  @Test
  void refusedInstructionsUseNoneOfTheWindow() {
    limits(CurrencyLimits.NONE.withMaxSingleMinor(500L).withHourlyCapMinor(1_000L));
    assertRefused("LIMIT_SINGLE", sequence("too-big", 900, T0));
    assertEquals(zmw(0), state.hourlyUsage(Currency.ZMW, T0));
    assertSequenced(sequence("a", 500, T0));
    assertSequenced(sequence("b", 500, T0));
  }

  // --- net debit cap ---

  @Test
  void netDebitCapCountsReservedAndCommittedAndPassesExactlyAtTheCap() {
    limits(CurrencyLimits.NONE.withNetDebitCapMinor(10_000L));
    sequence("committed", 4_000, T0);
    state = state.apply(new InstructionSettled("committed", Outcome.SUCCEEDED, zmw(4_000), T0));
    sequence("reserved", 5_000, T0);
    assertEquals(zmw(9_000), state.netDebit(Currency.ZMW));

    var over = assertRefused("NET_DEBIT_CAP", sequence("over", 1_001, T0));
    assertEquals(
        "amount 10.01 ZMW would bring the net debit position from 90.00 ZMW (reserved 50.00 ZMW, committed 40.00 ZMW)"
            + " to 100.01 ZMW, above the net debit cap 100.00 ZMW",
        over.detail());
    assertSequenced(sequence("at", 1_000, T0));
    assertRefused("NET_DEBIT_CAP", sequence("one-more", 1, T0));
  }

  @Test
  void aReleasedReservationFreesTheNetDebitPosition() {
    limits(CurrencyLimits.NONE.withNetDebitCapMinor(1_000L));
    sequence("a", 1_000, T0);
    assertRefused("NET_DEBIT_CAP", sequence("b", 1, T0));
    state = state.apply(new InstructionSettled("a", Outcome.FAILED, zmw(1_000), T0));
    assertSequenced(sequence("c", 1_000, T0));
  }

  @Test
  void capsApplyPerCurrency() {
    limits(CurrencyLimits.NONE.withMaxSingleMinor(100L).withNetDebitCapMinor(100L));
    assertSequenced(sequence("usd", 5_000, Currency.USD, T0));
    assertSequenced(sequence("zmw", 100, T0));
    assertRefused("NET_DEBIT_CAP", sequence("zmw-more", 1, T0));
  }

  // --- order of evaluation, and every refusal numbered ---

  @Test
  void rulesAreEvaluatedInOrderRefusalSuspensionSingleHourlyDailyNetDebit() {
    // Every cap is exhausted; each step lifts the first rule that fails to show the next one.
    limits(CurrencyLimits.NONE.withMaxSingleMinor(10L).withHourlyCapMinor(10L).withDailyCapMinor(10L).withNetDebitCapMinor(10L));
    sequence("fill", 10, T0);
    suspend();
    var refusal = new Refusal("RAIL_NOT_CONNECTED", "no rail");
    assertRefused("RAIL_NOT_CONNECTED", state.decide("x", zmw(11), refusal, T0));
    assertRefused("PARTICIPANT_SUSPENDED", state.decide("x", zmw(11), T0));
    state = state.apply(state.reinstate("op", null, T0).orElseThrow());
    assertRefused("LIMIT_SINGLE", state.decide("x", zmw(11), T0));
    assertRefused("LIMIT_HOURLY", state.decide("x", zmw(1), T0));
    limits(CurrencyLimits.NONE.withMaxSingleMinor(10L).withDailyCapMinor(10L).withNetDebitCapMinor(10L));
    assertRefused("LIMIT_DAILY", state.decide("x", zmw(1), T0));
    limits(CurrencyLimits.NONE.withMaxSingleMinor(10L).withNetDebitCapMinor(10L));
    assertRefused("NET_DEBIT_CAP", state.decide("x", zmw(1), T0));
    limits(CurrencyLimits.NONE.withMaxSingleMinor(10L));
    assertSequenced(state.decide("x", zmw(1), T0));
  }

  @Test
  void everyRefusalConsumesTheNextSequenceIdAndReservesNothing() { // INV-SEQ
    limits(CurrencyLimits.NONE.withMaxSingleMinor(100L).withHourlyCapMinor(150L));
    assertEquals(1, sequence("a", 100, T0).sequenceId());
    assertEquals(2, assertRefused("LIMIT_SINGLE", sequence("b", 101, T0)).sequenceId());
    assertEquals(3, assertRefused("LIMIT_HOURLY", sequence("c", 51, T0)).sequenceId());
    assertEquals(4, sequence("d", 50, T0).sequenceId());
    assertEquals(4, state.lastSequenceId());
    assertEquals(zmw(150), state.reserved(Currency.ZMW));
    assertEquals(2, state.open().size());
  }

  // --- policy versions and audited operator events ---

  @Test
  void suspensionAndReinstatementRaiseThePolicyVersionByOneAndRepeatsChangeNothing() {
    assertEquals(1, state.policyVersion());
    var suspended = state.suspend("op-1", "regulator order", T0).orElseThrow();
    state = state.apply(suspended);
    assertEquals(2, state.policyVersion());
    assertEquals(Standing.SUSPENDED, state.standing());
    assertTrue(state.suspend("op-2", "again", T0).isEmpty(), "already suspended");

    state = state.apply(state.reinstate("op-1", "order lifted", T0).orElseThrow());
    assertEquals(3, state.policyVersion());
    assertEquals(Standing.ACTIVE, state.standing());
    assertTrue(state.reinstate("op-1", null, T0).isEmpty(), "already active");
  }

  @Test
  void policyEventsCarryWhoWhenWhyAndThePolicyBeforeAndAfter() {
    LimitProfile caps = LimitProfile.of(Currency.ZMW, CurrencyLimits.NONE.withDailyCapMinor(9_000L));
    LimitsChanged changed = state.changeLimits(caps, "op-1", "onboarding", T0).orElseThrow();
    assertEquals(new PolicySnapshot(Standing.ACTIVE, LimitProfile.unlimited(), 1), changed.before());
    assertEquals(new PolicySnapshot(Standing.ACTIVE, caps, 2), changed.after());
    assertEquals("op-1", changed.by());
    assertEquals("onboarding", changed.reason());
    assertEquals(T0, changed.at());
    state = state.apply(changed);
    assertTrue(state.changeLimits(LimitProfile.of(Currency.ZMW, CurrencyLimits.NONE.withDailyCapMinor(9_000L)), "op-2", null, T0).isEmpty(),
        "identical limits are no change");

    Suspended suspended = state.suspend("op-2", "fraud alert", T0.plusSeconds(5)).orElseThrow();
    assertEquals(new PolicySnapshot(Standing.ACTIVE, caps, 2), suspended.before());
    assertEquals(new PolicySnapshot(Standing.SUSPENDED, caps, 3), suspended.after());
    assertEquals("fraud alert", suspended.reason());
  }

  @Test
  void aPolicyEventThatDoesNotFollowTheCurrentPolicyIsRejectedOnApply() {
    var stale = state.suspend("op", "r", T0).orElseThrow();
    state = state.apply(stale);
    state = state.apply(state.reinstate("op", null, T0).orElseThrow());
    assertThrows(IllegalStateException.class, () -> state.apply(stale));
  }

  private void limits(CurrencyLimits zmw) {
    state.changeLimits(LimitProfile.of(Currency.ZMW, zmw), "op", null, T0).ifPresent(e -> state = state.apply(e));
  }

  private void suspend() {
    state = state.apply(state.suspend("op", "test", T0).orElseThrow());
  }

  private Numbered sequence(String id, long minor, Instant at) {
    return sequence(id, minor, Currency.ZMW, at);
  }

  private Numbered sequence(String id, long minor, Currency c, Instant at) {
    Numbered event = state.decide(id, new Money(minor, c), at);
    state = state.apply(event);
    return event;
  }

  private static void assertSequenced(Numbered event) {
    assertInstanceOf(InstructionSequenced.class, event, event::toString);
  }

  private static InstructionRefused assertRefused(String code, Numbered event) {
    var refused = assertInstanceOf(InstructionRefused.class, event, event::toString);
    assertEquals(code, refused.code(), refused::detail);
    return refused;
  }

  private static Money zmw(long minor) {
    return new Money(minor, Currency.ZMW);
  }
}
