package org.symphony.engine.instruction;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.engine.instruction.InstructionCommand.GetReply;
import org.symphony.engine.participant.Outcome;
import org.symphony.engine.participant.ParticipantCommand;
import org.symphony.engine.participant.ParticipantCommand.SequenceReply;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.testing.ScriptedRail;
import org.symphony.engine.testing.Submissions;

/**
 * Every transition of the instruction lifecycle, with a probe as the participant's sequencer and a
 * scripted rail. The testkit also serializes every command, event and state it sees.
 */
class InstructionEntityTest {

  private static final ActorTestKit kit =
      ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final AtomicInteger ids = new AtomicInteger();

  private final InstructionSettings settings =
      new InstructionSettings(Duration.ofMillis(500), Duration.ofMillis(250), 3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(15), Duration.ZERO);
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:01Z"), ZoneOffset.UTC);

  private ScriptedRail rail;
  private TestProbe<ParticipantCommand> sequencer;
  private TestProbe<SubmitReply> caller;
  private Submission submission;
  private EventSourcedBehaviorTestKit<InstructionCommand, InstructionEvent, InstructionState> entity;

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    rail = ScriptedRail.alwaysCompletes();
    sequencer = kit.createTestProbe();
    caller = kit.createTestProbe();
    submission = Submissions.of("bank-a", "key-" + ids.incrementAndGet(), 15_000);
    entity =
        EventSourcedBehaviorTestKit.create(
            kit.system(),
            InstructionEntity.create(submission.instructionId(), rail, id -> sequencer.ref(), settings, clock));
  }

  @Test
  void acceptedInstructionIsDispatchedOnceAndSucceeds() {
    entity.runCommand(new InstructionCommand.Submit(submission, caller.ref()));
    answerSequence(new SequenceReply.Sequenced(7));

    var reply = (SubmitReply.Recorded) caller.receiveMessage(WAIT);
    assertFalse(reply.replay());
    assertEquals(InstructionStatus.PENDING, reply.instruction().status());
    assertEquals(7, reply.instruction().sequenceId());
    assertEquals("bank-a", reply.instruction().participantId());

    var settle = sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(Outcome.SUCCEEDED, settle.outcome());
    assertEquals(InstructionStatus.SUCCEEDED, view().status());
    assertEquals(1, rail.dispatchCount(RailKey.forInstruction(submission.instructionId())));
  }

  @Test
  void theAcceptanceAndTheFirstDispatchAreOneAtomicWriteBeforeTheRailIsCalled() {
    java.util.List<java.util.List<Object>> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.List<Integer> railCallsAtEachWrite = new java.util.concurrent.CopyOnWriteArrayList<>();
    entity.persistenceTestKit().withPolicy((persistenceId, operation) -> {
      if (operation instanceof org.apache.pekko.persistence.testkit.WriteEvents w) {
        writes.add(w.getBatch());
        railCallsAtEachWrite.add(rail.dispatches().size());
      }
      return org.apache.pekko.persistence.testkit.ProcessingSuccess$.MODULE$;
    });
    try {
      accept(1);
      sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    } finally {
      entity.persistenceTestKit().resetPolicy();
    }
    var first = writes.get(0).stream().map(e -> e.getClass().getSimpleName()).toList();
    assertEquals(java.util.List.of("Accepted", "DispatchStarted"), first, "one atomic write: acceptance and dispatch");
    assertEquals(0, railCallsAtEachWrite.get(0), "journaled before the rail is called (promise 3)");
    assertEquals(2, writes.size(), "then only the outcome: " + writes);
  }

  @Test
  void aRailNotTakingCallsAtAcceptanceLeavesTheInstructionPendingAndUnsent() {
    rail.accepting(false);
    accept(1);
    assertEquals(InstructionStatus.PENDING, view().status());
    assertTrue(rail.dispatches().isEmpty(), "no send to a rail whose circuit is open");
    rail.accepting(true);
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(InstructionStatus.SUCCEEDED, view().status());
    assertEquals(1, rail.dispatches().size());
  }

  @Test
  void theFirstStatusQueryWaitsForTheRailsTypicalCompletionAndACallbackAsksAtOnce() {
    rail.firstStatusQueryAfter(Duration.ofSeconds(30)); // far beyond the test's waits: only the callback can ask
    rail.onDispatch(t -> new RailResult.InProgress());
    rail.onStatus(k -> new RailResult.Completed("tx-cb"));
    accept(1);
    sequencer.expectNoMessage(Duration.ofMillis(300)); // the engine's own poll (10–50 ms) would have settled by now
    assertTrue(rail.statusQueries().isEmpty(), "no status query before the rail's typical completion time");
    entity.runCommand(new InstructionCommand.RailCallback());
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(InstructionStatus.SUCCEEDED, view().status());
    assertEquals(1, rail.statusQueries().size(), "one status query, made by the callback");
  }

  @Test
  void aStatusQueryTheBudgetHeldBackIsAskedAgainLaterWithoutAnEvent() {
    AtomicInteger queries = new AtomicInteger();
    rail.onDispatch(t -> new RailResult.InProgress());
    rail.onStatus(k -> queries.incrementAndGet() <= 3 ? new RailResult.NotAsked("budget spent") : new RailResult.Completed("tx-late"));
    accept(1);
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(InstructionStatus.SUCCEEDED, view().status());
    assertEquals(1, rail.dispatches().size(), "not asked is not 'not found': never sent again");
    var events = entity.persistenceTestKit().persistedInStorage(InstructionEntity.ENTITY_KEY.name() + "|" + submission.instructionId())
        .stream().map(e -> e.getClass().getSimpleName()).toList();
    assertEquals(java.util.List.of("Accepted", "DispatchStarted", "Succeeded"), events, "a held-back query changes nothing");
  }

  @Test
  void aDispatchTheNodeDidNotSendIsMadeAgainUnderTheSameKeyWithoutAskingTheRail() {
    AtomicInteger dispatches = new AtomicInteger();
    rail.onDispatch(t -> dispatches.incrementAndGet() <= 2 ? new RailResult.NotAsked("not sent: all connections busy") : new RailResult.Completed("tx-3"));
    accept(1);
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(InstructionStatus.SUCCEEDED, view().status());
    assertEquals(3, rail.dispatches().size(), "made again until it left the node");
    assertEquals(1, rail.dispatches().stream().map(t -> t.railKey()).distinct().count(), "under the same rail key");
    assertTrue(rail.statusQueries().isEmpty(), "a call that never left the node needs no status query");
    var events = entity.persistenceTestKit().persistedInStorage(InstructionEntity.ENTITY_KEY.name() + "|" + submission.instructionId())
        .stream().map(e -> e.getClass().getSimpleName()).toList();
    assertEquals(java.util.List.of("Accepted", "DispatchStarted", "Succeeded"), events, "one attempt: nothing uncertain happened");
  }

  @Test
  void refusedBySequencerIsRejectedAndKeepsItsSequenceId() {
    entity.runCommand(new InstructionCommand.Submit(submission, caller.ref()));
    answerSequence(new SequenceReply.Refused(3, "PARTICIPANT_SUSPENDED", "suspended"));

    var reply = (SubmitReply.Recorded) caller.receiveMessage(WAIT);
    assertEquals(InstructionStatus.REJECTED, reply.instruction().status());
    assertEquals(3, reply.instruction().sequenceId());
    assertEquals("PARTICIPANT_SUSPENDED", reply.instruction().failureCode());
    assertTrue(rail.dispatches().isEmpty(), "a rejected instruction never reaches a rail");
    sequencer.expectNoMessage(Duration.ofMillis(100)); // nothing reserved, nothing to settle
  }

  @Test
  void railThatAcceptsIsPolledUntilFinal() {
    AtomicInteger polls = new AtomicInteger();
    rail.onDispatch(t -> new RailResult.InProgress());
    rail.onStatus(k -> polls.incrementAndGet() < 3 ? new RailResult.InProgress() : new RailResult.Completed("tx-9"));
    accept(1);

    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    var v = view();
    assertEquals(InstructionStatus.SUCCEEDED, v.status());
    assertEquals("tx-9", v.railReference());
    assertEquals(1, rail.dispatches().size());
  }

  @Test
  void declinedByRailFailsAndReleases() {
    rail.onDispatch(t -> new RailResult.Declined("PAYEE_NOT_FOUND", "no such wallet"));
    accept(1);

    var settle = sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(Outcome.FAILED, settle.outcome());
    var v = view();
    assertEquals(InstructionStatus.FAILED, v.status());
    assertEquals("PAYEE_NOT_FOUND", v.failureCode());
  }

  @Test
  void lostAnswerIsResolvedByStatusQueryBeforeRetrying() {
    AtomicInteger dispatches = new AtomicInteger();
    rail.onDispatch(t -> dispatches.incrementAndGet() == 1 ? new RailResult.Unknown("timeout") : new RailResult.Completed("tx-2"));
    rail.onStatus(k -> new RailResult.NotFound());
    accept(1);

    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(InstructionStatus.SUCCEEDED, view().status());
    assertEquals(2, rail.dispatches().size(), "re-sent once, after the rail said it had never seen it");
    assertFalse(rail.statusQueries().isEmpty(), "asked before re-sending");
    var keys = rail.dispatches().stream().map(t -> t.railKey()).distinct().toList();
    assertEquals(1, keys.size(), "every attempt uses the same rail key");
  }

  @Test
  void uncertainDispatchFoundInProgressGoesBackInFlight() {
    AtomicInteger statuses = new AtomicInteger();
    rail.onDispatch(t -> new RailResult.Unknown("connection reset"));
    rail.onStatus(k -> statuses.incrementAndGet() == 1 ? new RailResult.InProgress() : new RailResult.Completed("tx-3"));
    accept(1);

    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(InstructionStatus.SUCCEEDED, view().status());
    assertEquals(1, rail.dispatches().size(), "found in progress, so never re-sent");
  }

  @Test
  void railThatNeverReceivesIsDeadLetteredAfterTheAttemptBoundWithAnIncident() {
    var incidents = new java.util.concurrent.ConcurrentLinkedQueue<String>();
    entity = EventSourcedBehaviorTestKit.create(kit.system(), InstructionEntity.create(
        submission.instructionId(), rail, id -> sequencer.ref(), quickCalls(), clock, java.util.Optional.empty(),
        (kind, participant, id, detail) -> incidents.add(kind + " " + participant + " " + id)));
    rail.onDispatch(t -> new RailResult.Unknown("503"));
    rail.onStatus(k -> new RailResult.NotFound());
    accept(1);

    var settle = sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(Outcome.FAILED, settle.outcome());
    assertEquals(InstructionEntity.DLQ, view().failureCode());
    assertEquals(settings.maxDispatchAttempts(), rail.dispatches().size());
    assertEquals(java.util.List.of("DLQ " + submission.participantId() + " " + submission.instructionId()), java.util.List.copyOf(incidents), "every DLQ entry has an incident");
  }

  @Test
  void unknownOutcomeIsNeverGuessed() {
    rail.onDispatch(t -> new RailResult.Unknown("timeout"));
    rail.onStatus(k -> new RailResult.Unknown("rail down"));
    accept(1);

    var probe = kit.<GetReply>createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertTrue(rail.statusQueries().size() >= 5);
      return null;
    });
    assertEquals(InstructionStatus.RECOVERING, view().status());
    assertEquals(1, rail.dispatches().size(), "no second send while the first is unresolved");
  }

  @Test
  void creditorWithoutAConnectedRailIsRejectedAndStillNumbered() {
    submission = Submissions.of("bank-a", "key-x" + ids.incrementAndGet(), 100, "+447700900123", "h");
    entity = EventSourcedBehaviorTestKit.create(
        kit.system(), InstructionEntity.create(submission.instructionId(), rail, id -> sequencer.ref(), settings, clock));
    entity.runCommand(new InstructionCommand.Submit(submission, caller.ref()));
    var ask = sequencer.expectMessageClass(ParticipantCommand.Sequence.class, WAIT);
    assertEquals("RAIL_NOT_CONNECTED", ask.refusal().code(), "the sequencer numbers it as a refusal");
    ask.replyTo().tell(new SequenceReply.Refused(9, ask.refusal().code(), ask.refusal().detail()));
    var reply = (SubmitReply.Recorded) caller.receiveMessage(WAIT);
    assertEquals(InstructionStatus.REJECTED, reply.instruction().status());
    assertEquals("RAIL_NOT_CONNECTED", reply.instruction().failureCode());
    assertEquals(9, reply.instruction().sequenceId());
    assertTrue(rail.dispatches().isEmpty());
  }

  @Test
  void duplicateWithSameBodyReplaysAndOtherBodyIsRefused() {
    accept(1);
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);

    var again = entity.<SubmitReply>runCommand(r -> new InstructionCommand.Submit(submission, r));
    var replay = (SubmitReply.Recorded) again.reply();
    assertTrue(replay.replay());
    assertEquals(InstructionStatus.SUCCEEDED, replay.instruction().status());
    var recorded = (InstructionEvent.DuplicateReceived) again.event();
    assertTrue(recorded.sameBody());
    assertEquals(InstructionStatus.SUCCEEDED, recorded.statusAtArrival());
    assertEquals(InstructionStatus.SUCCEEDED, again.state().status(), "a duplicate changes nothing");

    var other = Submissions.of("bank-a", submission.idempotencyKey(), 99, "+260961234567", "another-body");
    var refused = entity.<SubmitReply>runCommand(r -> new InstructionCommand.Submit(other, r));
    assertEquals(new SubmitReply.KeyReused(submission.instructionId()), refused.reply());
    assertFalse(((InstructionEvent.DuplicateReceived) refused.event()).sameBody());
    assertEquals(1, rail.dispatches().size(), "a duplicate of a terminal instruction never reaches the rail");
    sequencer.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void duplicatesArrivingDuringSequencingGetTheSameInstruction() {
    entity.runCommand(new InstructionCommand.Submit(submission, caller.ref()));
    var twin = kit.<SubmitReply>createTestProbe();
    entity.runCommand(new InstructionCommand.Submit(submission, twin.ref()));
    answerSequence(new SequenceReply.Sequenced(1));
    // The sequencer was asked once: the next thing it hears is the settlement, not a second Sequence.
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);

    var first = (SubmitReply.Recorded) caller.receiveMessage(WAIT);
    var second = (SubmitReply.Recorded) twin.receiveMessage(WAIT);
    assertFalse(first.replay());
    assertTrue(second.replay());
    assertEquals(first.instruction().sequenceId(), second.instruction().sequenceId());
  }

  @Test
  void unreachableSequencerAnswersUnavailableAndPersistsNothing() {
    var result = entity.runCommand(new InstructionCommand.Submit(submission, caller.ref()));
    sequencer.expectMessageClass(ParticipantCommand.Sequence.class, WAIT); // and never answered
    assertInstanceOf(SubmitReply.Unavailable.class, caller.receiveMessage(WAIT));
    assertTrue(result.events().isEmpty());
  }

  @Test
  void theSequencingRequestCarriesADeadlineWithinTheInstructionsOwnTimeout() {
    entity.runCommand(new InstructionCommand.Submit(submission, caller.ref()));
    var ask = sequencer.expectMessageClass(ParticipantCommand.Sequence.class, WAIT);
    // Numbered after this, the answer could come after the instruction stopped waiting: a hole until voided.
    assertEquals(clock.instant().plus(settings.sequencerNumberWithin()), ask.numberBy());
    assertTrue(ask.numberBy().isBefore(clock.instant().plus(settings.sequencerTimeout())));
  }

  @Test
  void aRequestTheSequencerDoesNotNumberAnswersUnavailableAtOnceAndPersistsNothing() {
    var result = entity.runCommand(new InstructionCommand.Submit(submission, caller.ref()));
    answerSequence(new SequenceReply.NotNumbered("the sequencer is behind"));
    var reply = assertInstanceOf(SubmitReply.Unavailable.class, caller.receiveMessage(WAIT));
    assertTrue(reply.reason().contains("sequencer busy"), reply.reason());
    assertTrue(result.events().isEmpty(), "no number, nothing to record: the client's retry starts afresh");
  }

  @Test
  void anInstructionNobodySubmittedLeavesMemoryAtOnceWhateverItGets() {
    java.util.List<java.util.function.Function<TestProbe<Object>, InstructionCommand>> notSubmits = java.util.List.of(
        probe -> new InstructionCommand.RailCallback(),
        probe -> new InstructionCommand.Nudge(),
        probe -> new InstructionCommand.Wake(null),
        probe -> new InstructionCommand.Resume(),
        probe -> new InstructionCommand.Linger(),
        probe -> new InstructionCommand.Get(probe.ref().unsafeUpcast()),
        probe -> new InstructionCommand.Resolve(
            ManualResolution.FAILED, null, "op-1", "op-2", "why", "evidence", probe.ref().unsafeUpcast()));
    for (var notSubmit : notSubmits) {
      String id = InstructionId.derive("bank-a", "never-submitted-" + ids.incrementAndGet());
      var instruction = kit.spawn(InstructionEntity.create(id, rail, x -> sequencer.ref(), settings, clock));
      TestProbe<Object> replies = kit.createTestProbe();
      InstructionCommand command = notSubmit.apply(replies);
      instruction.tell(command);
      replies.expectTerminated(instruction, WAIT);
      if (command instanceof InstructionCommand.Get) assertInstanceOf(GetReply.NotFound.class, replies.receiveMessage(WAIT));
      if (command instanceof InstructionCommand.Resolve)
        assertInstanceOf(ResolveReply.NotResolvable.class, replies.receiveMessage(WAIT));
    }
    assertTrue(rail.statusQueries().isEmpty(), "nothing was asked about an instruction that does not exist");
  }

  @Test
  void aNeverAcceptedInstructionWokenByItsParticipantReportsBackAndLeavesMemory() {
    var instruction = kit.spawn(InstructionEntity.create(submission.instructionId(), rail, x -> sequencer.ref(), settings, clock));
    instruction.tell(new InstructionCommand.Wake("bank-a"));
    assertEquals(submission.instructionId(),
        sequencer.expectMessageClass(ParticipantCommand.VoidIfNeverAccepted.class, WAIT).instructionId());
    sequencer.expectTerminated(instruction, WAIT);
  }

  @Test
  void aSubmissionBeingSequencedKeepsTheEntityWhateverElseArrives() {
    var instruction = kit.spawn(InstructionEntity.create(submission.instructionId(), rail, x -> sequencer.ref(), settings, clock));
    instruction.tell(new InstructionCommand.Submit(submission, caller.ref()));
    var ask = sequencer.expectMessageClass(ParticipantCommand.Sequence.class, WAIT);
    instruction.tell(new InstructionCommand.RailCallback()); // e.g. a forged callback naming it meanwhile
    ask.replyTo().tell(new SequenceReply.Sequenced(1));
    assertEquals(InstructionStatus.PENDING, ((SubmitReply.Recorded) caller.receiveMessage(WAIT)).instruction().status());
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
  }

  @Test
  void repeatedCallbacksAskTheRailAtMostOncePerInterval() {
    var time = new org.symphony.engine.testing.MutableClock(Instant.parse("2026-11-27T10:00:01Z"));
    var interval = Duration.ofSeconds(10);
    var slowPolls = new InstructionSettings(Duration.ofMillis(500), Duration.ofMillis(250), 3, Duration.ofMillis(10), Duration.ofMillis(50),
        Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(15), interval);
    entity = EventSourcedBehaviorTestKit.create(
        kit.system(), InstructionEntity.create(submission.instructionId(), rail, id -> sequencer.ref(), slowPolls, time));
    rail.onDispatch(t -> new RailResult.InProgress());
    rail.onStatus(k -> new RailResult.InProgress());
    accept(1);
    var probe = kit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertEquals(InstructionStatus.IN_FLIGHT, view().status());
      return null;
    });

    for (int i = 0; i < 5; i++) entity.runCommand(new InstructionCommand.RailCallback());
    view(); // every callback before it has been handled
    probe.awaitAssert(WAIT, () -> {
      assertEquals(1, rail.statusQueries().size(), "the first callback asks");
      return null;
    });
    time.advance(interval.minusMillis(1));
    entity.runCommand(new InstructionCommand.RailCallback());
    view();
    assertEquals(1, rail.statusQueries().size(), "still within the interval");

    time.advance(Duration.ofMillis(1));
    entity.runCommand(new InstructionCommand.RailCallback());
    probe.awaitAssert(WAIT, () -> {
      assertEquals(2, rail.statusQueries().size(), "the next interval's first callback asks again");
      return null;
    });
  }

  @Test
  void inFlightInstructionResumesAfterRestartByAskingTheRailFirst() {
    rail.onDispatch(t -> new RailResult.InProgress());
    rail.onStatus(k -> new RailResult.InProgress());
    accept(1);
    var probe = kit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertEquals(InstructionStatus.IN_FLIGHT, view().status());
      return null;
    });

    rail.onStatus(k -> new RailResult.Completed("tx-after-restart"));
    entity.restart();
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(InstructionStatus.SUCCEEDED, view().status());
    assertEquals(1, rail.dispatches().size(), "resumed by status query, not by sending again");
  }

  @Test
  void terminalInstructionResendsSettlementOnRecovery() {
    accept(1);
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    entity.restart();
    var settle = sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(Outcome.SUCCEEDED, settle.outcome());
    assertEquals(1, rail.dispatches().size());
  }

  @Test
  void aFailedWriteRestartsTheInstructionInsteadOfStoppingIt() {
    entity.persistenceTestKit().failNextPersisted();
    entity.runCommand(new InstructionCommand.Submit(submission, caller.ref()));
    answerSequence(new SequenceReply.Sequenced(1));
    caller.expectNoMessage(Duration.ofMillis(300)); // not accepted: the edge times out and answers 503

    // The retry reaches a restarted entity, which asks the (idempotent) sequencer again.
    var probe = kit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      entity.runCommand(new InstructionCommand.Submit(submission, caller.ref()));
      answerSequence(new SequenceReply.Sequenced(1));
      var reply = (SubmitReply.Recorded) caller.receiveMessage(Duration.ofMillis(500));
      assertEquals(1, reply.instruction().sequenceId());
      return null;
    });
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(InstructionStatus.SUCCEEDED, view().status());
  }

  @Test
  void aSweepThatFindsItTerminalResendsTheSettlement() {
    rail.onDispatch(t -> new RailResult.Declined("PAYEE_NOT_FOUND", "no such wallet"));
    accept(1);
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    entity.runCommand(new InstructionCommand.Wake(null));
    assertEquals(Outcome.FAILED, sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT).outcome());
  }

  @Test
  void replaysWhileInProgressAreTheRecordedAcceptanceAndIdentical() {
    rail.onDispatch(t -> new RailResult.InProgress());
    rail.onStatus(k -> new RailResult.InProgress());
    accept(4);
    var probe = kit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertEquals(InstructionStatus.IN_FLIGHT, view().status());
      return null;
    });
    var first = (SubmitReply.Recorded) entity.<SubmitReply>runCommand(r -> new InstructionCommand.Submit(submission, r)).reply();
    var second = (SubmitReply.Recorded) entity.<SubmitReply>runCommand(r -> new InstructionCommand.Submit(submission, r)).reply();
    assertEquals(first, second);
    assertEquals(InstructionStatus.PENDING, first.instruction().status(), "the response recorded at acceptance");
    assertEquals(4, first.instruction().sequenceId());
    assertEquals(1, rail.dispatches().size());
  }

  @Test
  void aDuplicateOfARejectedInstructionGetsTheRejectionAndNoRailCall() {
    entity.runCommand(new InstructionCommand.Submit(submission, caller.ref()));
    answerSequence(new SequenceReply.Refused(2, "LIMIT_SINGLE", "too much"));
    caller.receiveMessage(WAIT);
    var again = (SubmitReply.Recorded) entity.<SubmitReply>runCommand(r -> new InstructionCommand.Submit(submission, r)).reply();
    assertTrue(again.replay());
    assertEquals(InstructionStatus.REJECTED, again.instruction().status());
    assertEquals("LIMIT_SINGLE", again.instruction().failureCode());
    assertTrue(rail.dispatches().isEmpty());
  }

  @Test
  void aDuplicateOfAFailedInstructionGetsTheFailureAndNoRailCall() {
    rail.onDispatch(t -> new RailResult.Declined("PAYEE_NOT_FOUND", "no such wallet"));
    accept(1);
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    var again = (SubmitReply.Recorded) entity.<SubmitReply>runCommand(r -> new InstructionCommand.Submit(submission, r)).reply();
    assertEquals(InstructionStatus.FAILED, again.instruction().status());
    assertEquals(1, rail.dispatches().size(), "no second call");
  }

  @Test
  void aRailCallThatNeverCompletesIsRepairedByAStatusQuery() {
    var quick = new InstructionSettings(Duration.ofMillis(500), Duration.ofMillis(250), 3, Duration.ofMillis(10), Duration.ofMillis(50),
        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofMinutes(15), Duration.ZERO);
    rail = new ScriptedRail("scripted", t -> null, k -> new RailResult.Completed("found-by-status"));
    var hanging = new org.symphony.engine.rail.Rail() {
      public String id() { return "scripted"; }
      public java.util.concurrent.CompletionStage<RailResult> dispatch(org.symphony.engine.rail.RailTransfer t) {
        rail.dispatch(t);
        return new java.util.concurrent.CompletableFuture<>(); // the rail never answers
      }
      public java.util.concurrent.CompletionStage<RailResult> status(RailKey k) { return rail.status(k); }
    };
    org.symphony.engine.rail.RailDirectory directory = new org.symphony.engine.rail.RailDirectory() {
      public java.util.Optional<org.symphony.engine.rail.Rail> route(org.symphony.engine.rail.Creditor c) { return java.util.Optional.of(hanging); }
      public java.util.Optional<org.symphony.engine.rail.Rail> byId(String id) { return java.util.Optional.of(hanging); }
    };
    entity = EventSourcedBehaviorTestKit.create(
        kit.system(), InstructionEntity.create(submission.instructionId(), directory, id -> sequencer.ref(), quick, clock));
    accept(1);
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    var v = view();
    assertEquals(InstructionStatus.SUCCEEDED, v.status());
    assertEquals("found-by-status", v.railReference());
    assertEquals(1, rail.dispatches().size(), "resolved by asking, not by sending again");
  }

  @Test
  void pastTheTtlWithoutAFinalAnswerTheOutcomeIsUnknownNeverFailed() {
    var moving = new org.symphony.engine.testing.MutableClock(Instant.parse("2026-11-27T10:00:01Z"));
    rail.onDispatch(t -> new RailResult.Unknown("timeout"));
    rail.onStatus(k -> new RailResult.Unknown("rail silent"));
    entity = EventSourcedBehaviorTestKit.create(
        kit.system(), InstructionEntity.create(submission.instructionId(), rail, id -> sequencer.ref(), settings, moving));
    accept(1);
    var probe = kit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertTrue(rail.statusQueries().size() >= 2, "keeps asking while within the TTL");
      return null;
    });
    assertEquals(InstructionStatus.RECOVERING, view().status());

    moving.advance(settings.outcomeTtl().plusSeconds(1));
    probe.awaitAssert(WAIT, () -> {
      assertEquals(InstructionStatus.UNKNOWN_OUTCOME, view().status());
      return null;
    });
    int queries = rail.statusQueries().size();
    sequencer.expectNoMessage(Duration.ofMillis(200)); // nothing settled: the reservation stays
    assertEquals(queries, rail.statusQueries().size(), "no more automatic calls: an operator resolves it");
    assertEquals(1, rail.dispatches().size());

    var duplicate = (SubmitReply.Recorded) entity.<SubmitReply>runCommand(r -> new InstructionCommand.Submit(submission, r)).reply();
    assertEquals(InstructionStatus.UNKNOWN_OUTCOME, duplicate.instruction().status(), "a duplicate gets the current state, not a 409");
  }

  @Test
  void aCallbackMakesTheInstructionAskNowAndALateOneChangesNothing() {
    var slowPolls = new InstructionSettings(Duration.ofMillis(500), Duration.ofMillis(250), 3, Duration.ofMillis(10), Duration.ofMillis(50),
        Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(15), Duration.ZERO);
    entity = EventSourcedBehaviorTestKit.create(
        kit.system(), InstructionEntity.create(submission.instructionId(), rail, id -> sequencer.ref(), slowPolls, clock));
    rail.onDispatch(t -> new RailResult.InProgress());
    rail.onStatus(k -> new RailResult.Completed("tx-callback"));
    accept(1);
    var probe = kit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertEquals(InstructionStatus.IN_FLIGHT, view().status());
      return null;
    });
    assertTrue(rail.statusQueries().isEmpty(), "the next poll is ten minutes away");

    entity.runCommand(new InstructionCommand.RailCallback()); // callback before poll: ask now
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(InstructionStatus.SUCCEEDED, view().status());

    int queries = rail.statusQueries().size();
    entity.runCommand(new InstructionCommand.RailCallback()); // a late callback: no-op
    sequencer.expectNoMessage(Duration.ofMillis(100));
    assertEquals(queries, rail.statusQueries().size());
    assertEquals(1, rail.dispatches().size());
  }

  @Test
  void aLastSendThatArrivesLateIsFoundBeforeDeadLetteringAndSucceeds() {
    entity = EventSourcedBehaviorTestKit.create(
        kit.system(), InstructionEntity.create(submission.instructionId(), rail, id -> sequencer.ref(), quickCalls(), clock));
    var lastSent = new java.util.concurrent.atomic.AtomicBoolean();
    rail.onDispatch(t -> {
      if (rail.dispatches().size() >= settings.maxDispatchAttempts()) lastSent.set(true);
      return new RailResult.Unknown("timeout");
    });
    // Not found until the last send, which the rail executes late (after its caller timed out).
    var looksAfterLast = new AtomicInteger();
    rail.onStatus(k -> lastSent.get() && looksAfterLast.incrementAndGet() > 1 ? new RailResult.Completed("late") : new RailResult.NotFound());
    accept(1);
    var settle = sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(Outcome.SUCCEEDED, settle.outcome(), "never dead-letter a payment that is about to happen");
    assertEquals(InstructionStatus.SUCCEEDED, view().status());
  }

  @Test
  void whileTheRailRefusesCallsNothingIsSentAndNoAttemptIsSpent() {
    rail.accepting(false);
    accept(1);
    sequencer.expectNoMessage(Duration.ofMillis(300));
    assertTrue(rail.dispatches().isEmpty(), "nothing sent while the circuit is open");
    assertEquals(InstructionStatus.PENDING, view().status());
    rail.accepting(true);
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(InstructionStatus.SUCCEEDED, view().status());
    assertEquals(1, rail.dispatches().size());
  }

  private InstructionSettings quickCalls() {
    return new InstructionSettings(Duration.ofMillis(500), Duration.ofMillis(250), 3, Duration.ofMillis(10), Duration.ofMillis(50),
        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMinutes(15), Duration.ZERO);
  }

  @Test
  void impossibleEventsAreRefusedOnReplay() {
    var empty = new InstructionState.Empty();
    assertThrows(
        IllegalStateException.class,
        () -> InstructionEntity.apply(empty, new InstructionEvent.Succeeded("x", Instant.EPOCH)));
  }

  // ---- helpers

  private void accept(long sequenceId) {
    entity.runCommand(new InstructionCommand.Submit(submission, caller.ref()));
    answerSequence(new SequenceReply.Sequenced(sequenceId));
    caller.receiveMessage(WAIT);
  }

  private void answerSequence(SequenceReply reply) {
    var ask = sequencer.expectMessageClass(ParticipantCommand.Sequence.class, WAIT);
    assertEquals(submission.instructionId(), ask.instructionId());
    ask.replyTo().tell(reply);
  }

  private InstructionView view() {
    var reply = entity.<GetReply>runCommand(InstructionCommand.Get::new).reply();
    return ((GetReply.Found) reply).instruction();
  }
}
