package org.symphony.engine.participant;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.JournalOperation;
import org.apache.pekko.persistence.testkit.ProcessingPolicy;
import org.apache.pekko.persistence.testkit.ProcessingResult;
import org.apache.pekko.persistence.testkit.ProcessingSuccess;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.participant.ParticipantCommand.*;
import org.symphony.engine.participant.ParticipantCommand.SequenceReply.Refused;
import org.symphony.engine.participant.ParticipantCommand.SequenceReply.Sequenced;
import org.symphony.engine.participant.ParticipantCommand.SequenceReply.NotNumbered;
import org.symphony.engine.participant.ParticipantEvent.LimitsChanged;
import org.symphony.engine.participant.ParticipantEvent.Reinstated;
import org.symphony.engine.participant.ParticipantEvent.Suspended;
import org.symphony.engine.policy.PolicyPublisher;
import org.symphony.engine.testing.MutableClock;

/**
 * Sequencing (INV-SEQ), policy refusals, operator actions and policy versions, settlement (INV-LEDGER
 * parts) and crash recovery of a participant.
 */
class ParticipantEntityTest {

  private static final ActorTestKit kit =
      ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final AtomicInteger ids = new AtomicInteger();

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
  private final ConcurrentLinkedQueue<String> woken = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Published> published = new ConcurrentLinkedQueue<>();
  private final PolicyPublisher publisher = (id, version, standing) -> published.add(new Published(id, version, standing));
  private String participantId;
  private EventSourcedBehaviorTestKit<ParticipantCommand, ParticipantEvent, ParticipantState> participant;
  private TestProbe<SequenceReply> replies;

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    woken.clear();
    published.clear();
    participantId = "bank-" + ids.incrementAndGet();
    participant = start(participantId, clock);
    replies = kit.createTestProbe();
  }

  @Test
  void sequenceIdsAreGaplessAndMonotonic() {
    for (int i = 1; i <= 5; i++) assertEquals(new Sequenced(i), sequence("i-" + i, 100));
    assertEquals(5, state().lastSequenceId());
  }

  @Test
  void concurrentRequestsShareOneWriteAndStayGapless() {
    int n = 120; // more than one batch of 50
    for (int i = 0; i < n; i++) participant.runCommand(new Sequence("c-" + i, zmw(10), replies.ref()));
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < n; i++) seen.add(((SequenceReply.WithNumber) replies.receiveMessage(WAIT)).sequenceId());
    Set<Long> expected = new HashSet<>();
    for (long s = 1; s <= n; s++) expected.add(s);
    assertEquals(expected, seen, "1..n, no hole, no repeat (INV-SEQ)");
    assertEquals(n, state().open().size());
    assertEquals(zmw(10L * n), state().reserved(Currency.ZMW));
  }

  @Test
  void sequencingIsIdempotentForAnOpenInstruction() {
    assertEquals(new Sequenced(1), sequence("same", 100));
    assertEquals(new Sequenced(1), sequence("same", 100));
    assertEquals(new Sequenced(2), sequence("other", 100));
  }

  @Test
  void suspendedParticipantIsRefusedButTheIdIsConsumed() {
    sequence("a", 100);
    participant.<ParticipantView>runCommand(r -> new Suspend("operator-1", "regulator order", r));
    assertEquals(new Refused(2, "PARTICIPANT_SUSPENDED", "participant is suspended"), sequence("b", 100));
    var view = participant.<ParticipantView>runCommand(r -> new Reinstate("operator-1", "order lifted", r)).reply();
    assertEquals(Standing.ACTIVE, view.standing());
    assertEquals(new Sequenced(3), sequence("c", 100));
    assertEquals(zmw(200), state().reserved(Currency.ZMW), "the refused one reserved nothing");
  }

  @Test
  void singleLimitAtUnderAndOverTheBound() {
    changeLimits(LimitProfile.of(Currency.ZMW, CurrencyLimits.NONE.withMaxSingleMinor(1_000L)));
    assertInstanceOf(Sequenced.class, sequence("under", 999));
    assertInstanceOf(Sequenced.class, sequence("at", 1_000));
    var over = sequence("over", 1_001);
    assertInstanceOf(Refused.class, over);
    assertEquals("LIMIT_SINGLE", ((Refused) over).code());
    assertEquals(3, ((Refused) over).sequenceId());
    assertInstanceOf(Sequenced.class, sequence("usd-uncapped", 5_000_000, Currency.USD));
  }

  @Test
  void aRefusalKnownToTheInstructionIsNumberedWithoutReservation() {
    sequence("routable", 100);
    participant.runCommand(new Sequence("unroutable", zmw(500), new Refusal("RAIL_NOT_CONNECTED", "no rail"), replies.ref()));
    assertEquals(new Refused(2, "RAIL_NOT_CONNECTED", "no rail"), replies.receiveMessage(WAIT));
    assertEquals(zmw(100), state().reserved(Currency.ZMW));
    assertEquals(new Sequenced(3), sequence("next", 100));
  }

  @Test
  void settlementCommitsOrReleasesExactlyOnce() {
    sequence("ok", 300);
    sequence("ko", 200);
    participant.runCommand(new Settle("ok", Outcome.SUCCEEDED));
    participant.runCommand(new Settle("ok", Outcome.SUCCEEDED)); // redelivered: applied once
    participant.runCommand(new Settle("ko", Outcome.FAILED));
    state(); // the queued settlements are written
    assertTrue(participant.runCommand(new Settle("ko", Outcome.FAILED)).events().isEmpty(), "redelivered after: nothing");

    assertEquals(List.of("ok", "ko"), settledInJournal());
    var s = state();
    assertEquals(0, s.open().size());
    assertEquals(zmw(0), s.reserved(Currency.ZMW));
    assertEquals(zmw(300), s.committed(Currency.ZMW));
  }

  @Test
  void settlementsThatArriveDuringAWriteGoOutTogetherInTheNextAndFreeRoomForItsRequests() throws Exception {
    String id = "bank-settles-" + ids.incrementAndGet();
    String pid = ParticipantEntity.ENTITY_KEY.name() + "|" + id;
    List<Integer> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
    var holdNextWrite = new java.util.concurrent.atomic.AtomicBoolean();
    var held = new java.util.concurrent.CountDownLatch(1);
    var release = new java.util.concurrent.CountDownLatch(1);
    var journal = PersistenceTestKit.create(kit.system());
    journal.withPolicy(new ProcessingPolicy<JournalOperation>() {
      @Override
      public ProcessingResult tryProcess(String persistenceId, JournalOperation operation) {
        if (persistenceId.equals(pid) && operation instanceof WriteEvents w) {
          writes.add(w.getBatch().size());
          if (holdNextWrite.getAndSet(false)) {
            held.countDown();
            try {
              release.await(10, java.util.concurrent.TimeUnit.SECONDS); // a slow commit, as under load
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
        return ProcessingSuccess.getInstance();
      }
    });
    try {
      var settings = settingsWithMaxOpen(1_000);
      var ref = kit.spawn(ParticipantEntity.create(id, settings, clock, (p, i) -> {}, PolicyPublisher.noop()));
      var views = kit.<ParticipantView>createTestProbe();
      var limits = kit.<LimitsReply>createTestProbe();
      ref.tell(new ChangeLimits(LimitProfile.of(Currency.ZMW, CurrencyLimits.NONE.withNetDebitCapMinor(1_000L)), "op", null, limits.ref()));
      limits.receiveMessage(WAIT);
      for (int i = 1; i <= 10; i++) {
        ref.tell(new Sequence("full-" + i, zmw(100), replies.ref()));
        assertEquals(new Sequenced(i), replies.receiveMessage(WAIT));
      }
      holdNextWrite.set(true);
      ref.tell(new Sequence("full-11", zmw(100), replies.ref())); // over the cap: a numbered refusal, held in its write
      assertTrue(held.await(5, java.util.concurrent.TimeUnit.SECONDS));
      int before = writes.size();
      // Ten transfers failed while the write was on its way (as when an outage ends and thousands settle at once),
      // ahead of a request that needs the room their reservations free.
      for (int i = 1; i <= 10; i++) ref.tell(new Settle("full-" + i, Outcome.FAILED));
      ref.tell(new Settle("full-3", Outcome.FAILED)); // redelivered: applied once
      ref.tell(new Sequence("needs-room", zmw(500), replies.ref()));
      release.countDown();
      assertInstanceOf(Refused.class, replies.receiveMessage(WAIT));
      assertEquals(new Sequenced(12), replies.receiveMessage(WAIT));
      assertEquals(List.of(11), writes.subList(before, writes.size()), "ten settlements and one numbering, one write");
      ref.tell(new GetPosition(views.ref()));
      assertEquals(500L, views.receiveMessage(WAIT).reservedMinor().get(Currency.ZMW));
    } finally {
      release.countDown();
      journal.resetPolicy();
    }
  }

  @Test
  void reservedEqualsTheSumOfOpenInstructions() {
    for (int i = 0; i < 10; i++) sequence("r-" + i, 100 + i);
    participant.runCommand(new Settle("r-3", Outcome.SUCCEEDED));
    participant.runCommand(new Settle("r-7", Outcome.FAILED));
    var s = state();
    long sum = s.open().toList().stream().mapToLong(o -> o.amount().amountMinor()).sum();
    assertEquals(sum, s.reserved(Currency.ZMW).amountMinor());
  }

  @Test
  void recoveryWakesEveryOpenInstruction() {
    List<String> open = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sequence("w-" + i, 10);
      open.add("w-" + i);
    }
    participant.runCommand(new Settle("w-0", Outcome.SUCCEEDED));
    state(); // settlements are written with the next flush: wait for it before the crash
    woken.clear();
    participant.restart();
    var probe = kit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertEquals(Set.copyOf(open.subList(1, 5)), Set.copyOf(woken));
      return null;
    });
    assertEquals(5, state().lastSequenceId(), "state rebuilt from the journal");
  }

  @Test
  void aRequestThatReachesItsTurnPastItsDeadlineTakesNoNumberAndLeavesNoHole() {
    Instant now = clock.instant();
    // Waited in the mailbox (or behind a write) past the asker's deadline: the asker is giving up on it.
    var late = participant.runCommand(new Sequence("late", zmw(100), null, now.minusMillis(1), replies.ref()));
    assertInstanceOf(NotNumbered.class, replies.receiveMessage(WAIT));
    assertTrue(late.events().isEmpty(), "nothing written for a request answered too late");
    // Requests in time are numbered, and the numbers stay gapless (INV-SEQ): the shed request took none.
    participant.runCommand(new Sequence("in-time", zmw(100), null, now.plusSeconds(1), replies.ref()));
    assertEquals(new Sequenced(1), replies.receiveMessage(WAIT));
    participant.runCommand(new Sequence("late-again", zmw(100), null, now.minusSeconds(3), replies.ref()));
    assertInstanceOf(NotNumbered.class, replies.receiveMessage(WAIT));
    assertEquals(new Sequenced(2), sequence("no-deadline", 100));
    assertEquals(2, state().lastSequenceId());
    assertEquals(2, state().open().size());
    assertTrue(state().open().get("late").isEmpty() && state().open().get("late-again").isEmpty());
  }

  @Test
  void pastItsMaximumOfOpenInstructionsAParticipantNumbersNothingUntilSomeSettle() {
    var settings = settingsWithMaxOpen(3);
    participant = EventSourcedBehaviorTestKit.create(
        kit.system(), ParticipantEntity.create("bank-max-open-" + ids.incrementAndGet(), settings, clock, (p, i) -> {}, PolicyPublisher.noop()));
    for (int i = 1; i <= 3; i++) assertEquals(new Sequenced(i), sequence("open-" + i, 100));
    // A rail that stopped answering: its transfers stay open. More are not numbered (a 503 to retry), not piled up.
    var refused = assertInstanceOf(NotNumbered.class, sequence("fourth", 100));
    assertTrue(refused.detail().contains("maximum of 3 open"), refused.detail());
    assertEquals(3, state().lastSequenceId(), "no number taken: gapless (INV-SEQ)");
    participant.runCommand(new Settle("open-2", Outcome.SUCCEEDED));
    assertEquals(new Sequenced(4), sequence("fourth", 100));
  }

  @Test
  void anInstructionAlreadyNumberedGetsItsNumberAgainEvenPastTheDeadline() {
    assertEquals(new Sequenced(1), sequence("retried", 100));
    // A retry of an instruction that holds a number is not new numbering work: it must learn its number.
    participant.runCommand(new Sequence("retried", zmw(100), null, clock.instant().minusSeconds(1), replies.ref()));
    assertEquals(new Sequenced(1), replies.receiveMessage(WAIT));
  }

  @Test
  void aHoleIsClosedByWakingTheOpenInstructionThatHoldsTheNumber() {
    for (int i = 1; i <= 5; i++) sequence("h-" + i, 100);
    participant.runCommand(new CloseSequenceHole(4));
    participant.runCommand(new CloseSequenceHole(99)); // not open: nothing to wake
    var probe = kit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertEquals(List.of("h-4"), List.copyOf(woken));
      return null;
    });
  }

  @Test
  void aFailedWriteRestartsTheSequencerInsteadOfStoppingIt() {
    assertEquals(new Sequenced(1), sequence("before", 100));
    participant.persistenceTestKit().failNextPersisted();
    participant.runCommand(new Sequence("lost", zmw(100), replies.ref()));
    replies.expectNoMessage(Duration.ofMillis(300)); // the caller's ask times out; nothing was written
    // Restarted with backoff from the journal: the id of the failed write is handed out again, no gap.
    var probe = kit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      participant.runCommand(new Sequence("after", zmw(100), replies.ref()));
      assertEquals(new Sequenced(2), replies.receiveMessage(Duration.ofMillis(500)));
      return null;
    });
    assertEquals(2, state().lastSequenceId());
  }

  @Test
  void aNumberNeverAcceptedIsClosedAsVoidAfterTheGraceAndOnlyThen() {
    var moving = new org.symphony.engine.testing.MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    var settings = settingsWithMaxOpen(1_000);
    participant = EventSourcedBehaviorTestKit.create(
        kit.system(), ParticipantEntity.create("bank-void-" + ids.incrementAndGet(), settings, moving, (p, i) -> {}, PolicyPublisher.noop()));
    assertEquals(new Sequenced(1), sequence("crashed", 700));

    // Within the grace a retry must still get the same number: nothing is voided.
    assertTrue(participant.runCommand(new VoidIfNeverAccepted("crashed")).events().isEmpty());
    assertEquals(new Sequenced(1), sequence("crashed", 700));

    moving.advance(Duration.ofMinutes(5).plusSeconds(1));
    var voided = participant.runCommand(new VoidIfNeverAccepted("crashed"));
    var event = (ParticipantEvent.SequenceVoided) voided.event();
    assertEquals(1, event.sequenceId());
    assertEquals("NEVER_ACCEPTED", event.reason());
    assertEquals(0, voided.state().open().size());
    assertEquals(zmw(0), voided.state().reserved(Currency.ZMW), "the reservation is released");

    // A retry after the grace gets a new number; 1 stays closed as VOID (INV-SEQ: every id has an outcome).
    assertEquals(new Sequenced(2), sequence("crashed", 700));
    assertTrue(participant.runCommand(new VoidIfNeverAccepted("unknown")).events().isEmpty());
  }

  @Test
  void suspensionAndReinstatementRaiseThePolicyVersionOnceEachAndRepeatsPersistNothing() {
    assertEquals(1, position().policyVersion());
    var suspended = participant.<ParticipantView>runCommand(r -> new Suspend("op-1", "regulator order", r));
    assertEquals(1, suspended.events().size());
    assertEquals(2, suspended.reply().policyVersion());
    assertEquals(Standing.SUSPENDED, suspended.reply().standing());

    var again = participant.<ParticipantView>runCommand(r -> new Suspend("op-2", "again", r));
    assertTrue(again.events().isEmpty(), "a repeated kill-switch persists nothing");
    assertEquals(2, again.reply().policyVersion());

    var reinstated = participant.<ParticipantView>runCommand(r -> new Reinstate("op-1", "order lifted", r));
    assertEquals(3, reinstated.reply().policyVersion());
    assertEquals(Standing.ACTIVE, reinstated.reply().standing());
    var reinstatedAgain = participant.<ParticipantView>runCommand(r -> new Reinstate("op-1", r));
    assertTrue(reinstatedAgain.events().isEmpty());
    assertEquals(3, reinstatedAgain.reply().policyVersion());
  }

  @Test
  void operatorEventsRecordWhoWhenWhyAndThePolicyBeforeAndAfter() {
    LimitProfile caps = LimitProfile.of(Currency.ZMW, CurrencyLimits.NONE.withHourlyCapMinor(5_000L));
    var changed = (LimitsChanged) participant.<LimitsReply>runCommand(r -> new ChangeLimits(caps, "op-1", "onboarding", r)).event();
    assertEquals(new LimitsChanged(
        "op-1", "onboarding",
        new PolicySnapshot(Standing.ACTIVE, LimitProfile.unlimited(), 1), new PolicySnapshot(Standing.ACTIVE, caps, 2),
        clock.instant()), changed);

    var suspended = (Suspended) participant.<ParticipantView>runCommand(r -> new Suspend("op-2", "fraud alert", r)).event();
    assertEquals(new Suspended(
        "op-2", "fraud alert",
        new PolicySnapshot(Standing.ACTIVE, caps, 2), new PolicySnapshot(Standing.SUSPENDED, caps, 3),
        clock.instant()), suspended);

    var reinstated = (Reinstated) participant.<ParticipantView>runCommand(r -> new Reinstate("op-1", "cleared", r)).event();
    assertEquals(new PolicySnapshot(Standing.SUSPENDED, caps, 3), reinstated.before());
    assertEquals(new PolicySnapshot(Standing.ACTIVE, caps, 4), reinstated.after());
  }

  @Test
  void invalidLimitsAreRefusedWithEveryProblemAndNothingIsPersisted() {
    var bad = LimitProfile.of(Currency.ZMW, new CurrencyLimits(-5L, null, null, -1L));
    var result = participant.<LimitsReply>runCommand(r -> new ChangeLimits(bad, " ", null, r));
    assertTrue(result.events().isEmpty());
    var invalid = assertInstanceOf(LimitsReply.Invalid.class, result.reply());
    assertEquals(
        List.of(
            "by (the operator) is required",
            "ZMW maxSingleMinor must not be negative: -5",
            "ZMW netDebitCapMinor must not be negative: -1"),
        invalid.problems());
    assertEquals(1, invalid.view().policyVersion());
    assertEquals(LimitProfile.unlimited(), state().limits());
  }

  @Test
  void identicalLimitsChangeNothingAndKeepTheVersion() {
    changeLimits(LimitProfile.of(Currency.ZMW, CurrencyLimits.NONE.withDailyCapMinor(9_000L)));
    var same = participant.<LimitsReply>runCommand(
        r -> new ChangeLimits(LimitProfile.of(Currency.ZMW, CurrencyLimits.NONE.withDailyCapMinor(9_000L)), "op-2", null, r));
    assertTrue(same.events().isEmpty());
    assertEquals(new LimitsReply.Applied(same.reply().view()), same.reply());
    assertEquals(2, same.reply().view().policyVersion());
  }

  @Test
  void everyPolicyChangeIsPublishedAndRecoveryPublishesTheCurrentVersionAgain() {
    awaitPublished(List.of(new Published(participantId, 1, Standing.ACTIVE))); // announced once recovered
    published.clear();
    participant.<ParticipantView>runCommand(r -> new Suspend("op", "r", r));
    participant.<ParticipantView>runCommand(r -> new Suspend("op", "repeat", r));
    changeLimits(LimitProfile.of(Currency.USD, CurrencyLimits.NONE.withMaxSingleMinor(1L)));
    assertEquals(
        List.of(new Published(participantId, 2, Standing.SUSPENDED), new Published(participantId, 3, Standing.SUSPENDED)),
        List.copyOf(published),
        "one announcement per persisted change, none for the repeat");

    published.clear();
    participant.restart();
    awaitPublished(List.of(new Published(participantId, 3, Standing.SUSPENDED)));
  }

  private void awaitPublished(List<Published> expected) {
    kit.createTestProbe().awaitAssert(WAIT, () -> {
      assertEquals(expected, List.copyOf(published));
      return null;
    });
  }

  @Test
  void theViewShowsPositionsAndRollingUsageAsOfTheQuery() {
    var moving = new MutableClock(Instant.parse("2026-11-27T10:00:30Z"));
    participant = start("bank-view-" + ids.incrementAndGet(), moving);
    sequence("committed", 300);
    participant.runCommand(new Settle("committed", Outcome.SUCCEEDED));
    sequence("released", 200);
    participant.runCommand(new Settle("released", Outcome.FAILED));
    sequence("open", 100);

    var view = position();
    assertEquals(new CurrencyPosition(100, 300, 400, 400, 400), view.positions().get(Currency.ZMW));
    assertEquals(new CurrencyPosition(0, 0, 0, 0, 0), view.positions().get(Currency.USD));
    assertEquals(3, view.lastSequenceId());
    assertEquals(1, view.openInstructions());
    assertEquals(moving.instant(), view.asOf());

    moving.advance(Duration.ofMinutes(61));
    assertEquals(new CurrencyPosition(100, 300, 400, 0, 400), position().positions().get(Currency.ZMW));
  }

  @Test
  void rollingUsageIsRebuiltFromTheJournalByEventTimeNotByTheClockOfTheReplay() {
    var moving = new MutableClock(Instant.parse("2026-11-27T10:00:30Z"));
    participant = start("bank-replay-" + ids.incrementAndGet(), moving);
    changeLimits(LimitProfile.of(Currency.ZMW, CurrencyLimits.NONE.withHourlyCapMinor(1_000L)));
    sequence("early", 600);
    moving.advance(Duration.ofMinutes(30));
    sequence("later", 400);
    moving.advance(Duration.ofMinutes(31)); // "early" left the hour, "later" has not

    participant.restart();
    assertEquals(400, position().positions().get(Currency.ZMW).hourlyUsageMinor());
    assertInstanceOf(Sequenced.class, sequence("fits", 600));
    var over = assertInstanceOf(Refused.class, sequence("over", 1));
    assertEquals("LIMIT_HOURLY", over.code());
    assertEquals(4, over.sequenceId(), "after 3 sequenced; limit changes take no number");
  }

  @Test
  void operatorRepliesCrossTheWireUnchanged() {
    changeLimits(LimitProfile.of(Currency.ZMW, new CurrencyLimits(100L, null, 5_000L, 9_000L)));
    sequence("a", 50);
    var view = position();
    var serialization = kit.serializationTestKit();
    serialization.verifySerialization(view, true);
    serialization.verifySerialization(new LimitsReply.Applied(view), true);
    serialization.verifySerialization(new LimitsReply.Invalid(List.of("ZMW maxSingleMinor must not be negative: -1"), view), true);
  }

  @Test
  void sequencingMessagesCrossTheWireWithTheirDeadline() {
    var serialization = kit.serializationTestKit();
    // The participant may live on another node than the instruction that asks it.
    serialization.verifySerialization(new Sequence("x", zmw(10), null, clock.instant().plusMillis(2500), replies.ref()), true);
    serialization.verifySerialization(new Sequence("x", zmw(10), replies.ref()), true);
    serialization.verifySerialization(new NotNumbered("not numbered by 2026-11-27T10:00:02.500Z"), true);
    serialization.verifySerialization(new Sequenced(3), true);
  }

  private record Published(String participantId, long policyVersion, Standing standing) {}

  private EventSourcedBehaviorTestKit<ParticipantCommand, ParticipantEvent, ParticipantState> start(String id, Clock clock) {
    return EventSourcedBehaviorTestKit.create(
        kit.system(),
        ParticipantEntity.create(
            id,
            settingsWithMaxOpen(1_000),
            clock,
            (p, instructionId) -> woken.add(instructionId),
            publisher));
  }

  private void changeLimits(LimitProfile limits) {
    var reply = participant.<LimitsReply>runCommand(r -> new ChangeLimits(limits, "operator-1", null, r)).reply();
    assertInstanceOf(LimitsReply.Applied.class, reply);
  }

  private ParticipantView position() {
    return participant.<ParticipantView>runCommand(GetPosition::new).reply();
  }

  private SequenceReply sequence(String instructionId, long minor) {
    return sequence(instructionId, minor, Currency.ZMW);
  }

  private SequenceReply sequence(String instructionId, long minor, Currency c) {
    participant.runCommand(new Sequence(instructionId, new Money(minor, c), replies.ref()));
    return replies.receiveMessage(WAIT);
  }

  private String persistenceId() {
    return ParticipantEntity.ENTITY_KEY.name() + "|" + participantId;
  }

  /** The instructions settled in the journal, in order, each as many times as it was written. */
  private List<String> settledInJournal() {
    return participant.persistenceTestKit().persistedInStorage(persistenceId()).stream()
        .filter(e -> e instanceof ParticipantEvent.InstructionSettled)
        .map(e -> ((ParticipantEvent.InstructionSettled) e).instructionId())
        .toList();
  }

  private ParticipantState state() {
    return participant.getState();
  }

  private static Money zmw(long minor) {
    return new Money(minor, Currency.ZMW);
  }

  /** Small batches and a quick wake-up, so that tests see each flush; maxOpen is what the test is about. */
  private static ParticipantSettings settingsWithMaxOpen(int maxOpen) {
    return new ParticipantSettings(50, 2, Duration.ofMillis(5), 100, Duration.ofMinutes(10), Duration.ofMinutes(5), maxOpen);
  }
}
