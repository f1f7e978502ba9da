package org.symphony.engine.instruction;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
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
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.testing.MutableClock;
import org.symphony.engine.testing.ScriptedRail;
import org.symphony.engine.testing.Submissions;

/**
 * Four-eyes resolutions and nudges of stuck instructions: only UNKNOWN_OUTCOME (and the confirmation of a
 * dead-letter) can be decided by operators, always by two of them, and the participant settles exactly as the
 * decision says (INV-LEDGER: committed on SUCCEEDED, released on FAILED).
 */
class ManualResolutionTest {

  private static final ActorTestKit kit =
      ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final AtomicInteger ids = new AtomicInteger();

  private final InstructionSettings settings =
      new InstructionSettings(Duration.ofMillis(500), Duration.ofMillis(250), 3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(10),
          Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMinutes(15), Duration.ZERO);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));

  private ScriptedRail rail;
  private TestProbe<ParticipantCommand> sequencer;
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
    submission = Submissions.of("bank-a", "resolve-" + ids.incrementAndGet(), 15_000);
    entity = EventSourcedBehaviorTestKit.create(
        kit.system(), InstructionEntity.create(submission.instructionId(), rail, id -> sequencer.ref(), settings, clock));
  }

  @Test
  void unknownOutcomeResolvedSucceededByTwoOperatorsCommitsTheReservation() {
    makeOutcomeUnknown();
    var result = entity.<ResolveReply>runCommand(r -> resolve(ManualResolution.SUCCEEDED, "MTN-REF-77", "alice", "bob", r));
    var resolved = assertInstanceOf(ResolveReply.Resolved.class, result.reply());
    assertEquals(InstructionStatus.SUCCEEDED, resolved.instruction().status());
    assertEquals("MTN-REF-77", resolved.instruction().railReference());
    var event = assertInstanceOf(InstructionEvent.ResolvedByOperators.class, result.event());
    assertEquals("alice", event.proposedBy());
    assertEquals("bob", event.approvedBy());
    assertEquals(Outcome.SUCCEEDED, sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT).outcome());
  }

  @Test
  void unknownOutcomeResolvedFailedReleasesTheReservation() {
    makeOutcomeUnknown();
    var result = entity.<ResolveReply>runCommand(r -> resolve(ManualResolution.FAILED, null, "alice", "bob", r));
    assertEquals(InstructionStatus.FAILED, ((ResolveReply.Resolved) result.reply()).instruction().status());
    assertEquals(Outcome.FAILED, sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT).outcome());
  }

  @Test
  void theSameOperatorCannotBothProposeAndApprove() {
    makeOutcomeUnknown();
    var result = entity.<ResolveReply>runCommand(r -> resolve(ManualResolution.FAILED, null, "alice", "alice", r));
    assertInstanceOf(ResolveReply.NotResolvable.class, result.reply());
    assertTrue(result.hasNoEvents());
    assertEquals(InstructionStatus.UNKNOWN_OUTCOME, view().status());
  }

  @Test
  void succeededNeedsTheRailsReference() {
    makeOutcomeUnknown();
    var result = entity.<ResolveReply>runCommand(r -> resolve(ManualResolution.SUCCEEDED, " ", "alice", "bob", r));
    assertInstanceOf(ResolveReply.NotResolvable.class, result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void aSucceededInstructionIsNotResolvable() {
    accept();
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    var result = entity.<ResolveReply>runCommand(r -> resolve(ManualResolution.FAILED, null, "alice", "bob", r));
    var refused = assertInstanceOf(ResolveReply.NotResolvable.class, result.reply());
    assertEquals(InstructionStatus.SUCCEEDED, refused.status());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void aDeadLetterCanBeConfirmedFailedButNotTurnedIntoASuccess() {
    rail.onDispatch(t -> new RailResult.Unknown("503"));
    rail.onStatus(k -> new RailResult.NotFound());
    accept();
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(InstructionEntity.DLQ, view().failureCode());

    var late = entity.<ResolveReply>runCommand(r -> resolve(ManualResolution.SUCCEEDED, "REF", "alice", "bob", r));
    assertInstanceOf(ResolveReply.NotResolvable.class, late.reply());
    assertTrue(late.hasNoEvents());

    var confirmed = entity.<ResolveReply>runCommand(r -> resolve(ManualResolution.FAILED, null, "alice", "bob", r));
    assertEquals(InstructionStatus.FAILED, ((ResolveReply.Resolved) confirmed.reply()).instruction().status());
    assertInstanceOf(InstructionEvent.ResolvedByOperators.class, confirmed.event());
  }

  @Test
  void anUnknownInstructionIsNotResolvableAndNothingIsJournaled() {
    var persisted = org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit.create(kit.system());
    var instruction = kit.spawn(InstructionEntity.create(submission.instructionId(), rail, id -> sequencer.ref(), settings, clock));
    TestProbe<ResolveReply> replies = kit.createTestProbe();
    instruction.tell(resolve(ManualResolution.FAILED, null, "alice", "bob", replies.ref()));
    var refused = assertInstanceOf(ResolveReply.NotResolvable.class, replies.receiveMessage(WAIT));
    assertNull(refused.status());
    replies.expectTerminated(instruction, WAIT); // no events: it leaves memory at once
    persisted.expectNothingPersisted("Instruction|" + submission.instructionId());
  }

  @Test
  void aNudgeMakesAStuckInstructionAskTheRailAtOnce() {
    AtomicInteger polls = new AtomicInteger();
    rail.onDispatch(t -> new RailResult.InProgress());
    rail.onStatus(k -> polls.incrementAndGet() < 2 ? new RailResult.InProgress() : new RailResult.Completed("tx-n"));
    // Polls far apart: only the nudge can make it ask again soon.
    entity = EventSourcedBehaviorTestKit.create(kit.system(), InstructionEntity.create(
        submission.instructionId(), rail, id -> sequencer.ref(),
        new InstructionSettings(Duration.ofMillis(500), Duration.ofMillis(250), 3, Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofMillis(10),
            Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMinutes(15), Duration.ZERO),
        clock));
    accept();
    var probe = kit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertEquals(1, rail.dispatches().size());
      return null;
    });
    entity.runCommand(new InstructionCommand.Nudge());
    entity.runCommand(new InstructionCommand.Nudge());
    sequencer.expectMessageClass(ParticipantCommand.Settle.class, WAIT);
    assertEquals(InstructionStatus.SUCCEEDED, view().status());
    assertEquals(1, rail.dispatches().size(), "a nudge asks; it never sends again");
  }

  // ---- helpers

  private void makeOutcomeUnknown() {
    rail.onDispatch(t -> new RailResult.Unknown("timeout"));
    rail.onStatus(k -> new RailResult.Unknown("rail silent"));
    accept();
    var probe = kit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      assertFalse(rail.statusQueries().isEmpty());
      return null;
    });
    clock.advance(settings.outcomeTtl().plusSeconds(1));
    probe.awaitAssert(WAIT, () -> {
      assertEquals(InstructionStatus.UNKNOWN_OUTCOME, view().status());
      return null;
    });
  }

  private InstructionCommand.Resolve resolve(
      ManualResolution resolution, String reference, String proposer, String approver,
      org.apache.pekko.actor.typed.ActorRef<ResolveReply> replyTo) {
    return new InstructionCommand.Resolve(resolution, reference, proposer, approver, "checked with the rail", "statement line 4", replyTo);
  }

  private void accept() {
    var caller = kit.<SubmitReply>createTestProbe();
    entity.runCommand(new InstructionCommand.Submit(submission, caller.ref()));
    var ask = sequencer.expectMessageClass(ParticipantCommand.Sequence.class, WAIT);
    ask.replyTo().tell(new SequenceReply.Sequenced(1));
    caller.receiveMessage(WAIT);
  }

  private InstructionView view() {
    return ((GetReply.Found) entity.<GetReply>runCommand(InstructionCommand.Get::new).reply()).instruction();
  }
}
