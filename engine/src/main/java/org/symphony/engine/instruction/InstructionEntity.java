package org.symphony.engine.instruction;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.symphony.engine.instruction.InstructionCommand.*;
import org.symphony.engine.instruction.InstructionCommand.GetReply.Found;
import org.symphony.engine.instruction.InstructionCommand.GetReply.NotFound;
import org.symphony.engine.incident.IncidentLog;
import org.symphony.engine.instruction.InstructionState.*;
import org.symphony.engine.participant.Outcome;
import org.symphony.engine.participant.ParticipantCommand;
import org.symphony.engine.participant.ParticipantCommand.SequenceReply;
import org.symphony.engine.participant.ParticipantDirectory;
import org.symphony.engine.rail.Rail;
import org.symphony.engine.rail.RailDirectory;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;

/**
 * One payment instruction, from acceptance to a terminal outcome. The single writer for its id, so a
 * duplicate request (same participant + Idempotency-Key) always meets the instruction it duplicates.
 *
 * <p>Money path: Submit → participant sequencer (id + policy) → Accepted (PENDING) → DispatchStarted
 * (IN_FLIGHT, journaled before the rail is called) → rail answer → Succeeded | Failed; an answer that is
 * lost or ambiguous → DispatchUncertain (RECOVERING) → status query by rail key before any new attempt.
 */
public final class InstructionEntity
    extends EventSourcedBehaviorWithEnforcedReplies<InstructionCommand, InstructionEvent, InstructionState> {

  public static final EntityTypeKey<InstructionCommand> ENTITY_KEY =
      EntityTypeKey.create(InstructionCommand.class, "Instruction");

  private static final String RAIL_TIMER = "rail";
  private static final String LINGER_TIMER = "linger";
  /** Failure code of an instruction given up after the bounded attempts (promise 3: never silently). */
  public static final String DLQ = "DLQ";

  private final String instructionId;
  private final ActorContext<InstructionCommand> context;
  private final TimerScheduler<InstructionCommand> timers;
  private final RailDirectory rails;
  private final ParticipantDirectory participants;
  private final InstructionSettings settings;
  private final Clock clock;
  /** Where to ask for passivation; absent outside sharding (unit tests). */
  private final Optional<ActorRef<ClusterSharding.ShardCommand>> shard;
  private final IncidentLog incidents;

  // Transient, per incarnation; never needed to rebuild state.
  private boolean awaitingSequencer;
  /** Duplicates that arrived while the sequencer was being asked; answered once it has. Bounded. */
  private final java.util.List<Submit> waitingDuplicates = new java.util.ArrayList<>();
  private static final int MAX_WAITING_DUPLICATES = 256;
  private int pollStep;
  private int queryStep;
  /** The last attempt was not found once; one more look after a quiet period before dead-lettering. */
  private boolean confirmingDeadLetter;
  /** When a rail callback last made this instruction ask the rail (null: never in this incarnation). */
  private java.time.Instant lastCallbackQuery;

  public static void init(
      ActorSystem<?> system,
      RailDirectory rails,
      ParticipantDirectory participants,
      InstructionSettings settings,
      Clock clock,
      IncidentLog incidents) {
    // Read once per node, not per entity: one entity starts for every instruction.
    BackoffSupervisorStrategy restart = restartOf(system);
    // No idle passivation: an open instruction waiting on a rail timer must not be stopped by sharding,
    // or its timer would die with it. Instructions passivate themselves once terminal (see linger).
    ClusterSharding.get(system)
        .init(
            Entity.of(
                    ENTITY_KEY,
                    ctx -> create(ctx.getEntityId(), rails, participants, settings, clock, Optional.of(ctx.getShard()), incidents, restart))
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
  }

  public static Behavior<InstructionCommand> create(
      String instructionId,
      RailDirectory rails,
      ParticipantDirectory participants,
      InstructionSettings settings,
      Clock clock) {
    return create(instructionId, rails, participants, settings, clock, Optional.empty(), IncidentLog.NONE);
  }

  public static Behavior<InstructionCommand> create(
      String instructionId,
      RailDirectory rails,
      ParticipantDirectory participants,
      InstructionSettings settings,
      Clock clock,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard,
      IncidentLog incidents) {
    return Behaviors.setup(
        ctx -> create(instructionId, rails, participants, settings, clock, shard, incidents, restartOf(ctx.getSystem())));
  }

  private static Behavior<InstructionCommand> create(
      String instructionId,
      RailDirectory rails,
      ParticipantDirectory participants,
      InstructionSettings settings,
      Clock clock,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard,
      IncidentLog incidents,
      BackoffSupervisorStrategy restart) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new InstructionEntity(instructionId, ctx, timers, rails, participants, settings, clock, shard, incidents, restart)));
  }

  private static BackoffSupervisorStrategy restartOf(ActorSystem<?> system) {
    return org.symphony.engine.supervision.RestartBackoff.fromConfig(system.settings().config(), "symphony.engine.instruction").strategy();
  }

  private InstructionEntity(
      String instructionId,
      ActorContext<InstructionCommand> context,
      TimerScheduler<InstructionCommand> timers,
      RailDirectory rails,
      ParticipantDirectory participants,
      InstructionSettings settings,
      Clock clock,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard,
      IncidentLog incidents,
      BackoffSupervisorStrategy restart) {
    super(PersistenceId.of(ENTITY_KEY.name(), instructionId), restart);
    this.instructionId = instructionId;
    this.context = context;
    this.timers = timers;
    this.rails = rails;
    this.participants = participants;
    this.settings = settings;
    this.clock = clock;
    this.shard = shard;
    this.incidents = incidents;
  }

  @Override
  public InstructionState emptyState() {
    return new Empty();
  }

  /** Instructions are short and never snapshotted: skip the snapshot lookup, one round trip fewer per start. */
  @Override
  public org.apache.pekko.persistence.typed.javadsl.Recovery recovery() {
    return org.apache.pekko.persistence.typed.javadsl.Recovery.withSnapshotSelectionCriteria(
        org.apache.pekko.persistence.typed.SnapshotSelectionCriteria.none());
  }

  @Override
  public CommandHandlerWithReply<InstructionCommand, InstructionEvent, InstructionState> commandHandler() {
    return this::handle;
  }

  private ReplyEffect<InstructionEvent, InstructionState> handle(InstructionState state, InstructionCommand command) {
    if (state instanceof Empty) return whileEmpty(command);
    if (command instanceof Get c) {
      return Effect().reply(c.replyTo(), new Found(((Known) state).view()));
    } else if (command instanceof Submit c) {
      return replayOrRefuse((Known) state, c.submission(), c.replyTo());
    } else if (command instanceof SendToRail && state instanceof Pending p) {
      return dispatch(p);
    } else if (command instanceof RailAnswered c && state instanceof Open o && attemptOf(o) == c.attempt()) {
      return onRailAnswered(o, c.result());
    } else if (command instanceof DispatchNotSent c && state instanceof InFlight f && attemptOf(f) == c.attempt()) {
      // Nothing reached the rail, so there is nothing to ask it about: the same call, after a pause. (Even if an
      // earlier send of this key had arrived, the rail takes the key once: a resend is answered as a duplicate.)
      if (pastOutcomeTtl(f)) return outcomeTtlPassed("; last: " + c.reason());
      schedule(new SendAgain(c.attempt()), settings.retryMinBackoff(), settings.retryMaxBackoff(), queryStep++);
      return Effect().noReply();
    } else if (command instanceof SendAgain c && state instanceof InFlight f && attemptOf(f) == c.attempt()) {
      callRail(f);
      return Effect().noReply();
    } else if (command instanceof QueryRail c && state instanceof Open o && attemptOf(o) == c.attempt()) {
      if (pastOutcomeTtl(o)) return outcomeTtlPassed("");
      queryRail(o);
      return Effect().noReply();
    } else if (command instanceof RailCallback && (state instanceof InFlight || state instanceof Recovering)) {
      if (callbackQueryDue()) askNow((Open) state); // else: one was asked moments ago; the poll goes on
      return Effect().noReply();
    } else if (command instanceof Nudge && (state instanceof InFlight || state instanceof Recovering)) {
      askNow((Open) state);
      return Effect().noReply();
    } else if (command instanceof Nudge) {
      return nudge(state);
    } else if (command instanceof Resolve c) {
      return resolve(state, c);
    } else if (command instanceof Resume) {
      return resume(state);
    } else if (command instanceof Wake && state instanceof Terminal) {
      // Woken by the participant's sweep: it still counts this instruction open, so the settlement was lost.
      settleWithParticipant(state);
      return Effect().noReply();
    } else if (command instanceof Linger && mayLeaveMemory(state)) {
      shard.ifPresent(s -> s.tell(new ClusterSharding.Passivate<>(context.getSelf())));
      return Effect().noReply();
    }
    // Wake, and stale internal messages of an earlier attempt or state.
    return Effect().noReply();
  }

  // ---- no events: not submitted (yet) -------------------------------------------------------------------

  /**
   * An instruction with no events exists only once a Submit creates it. Anything else — a lookup, a rail
   * callback or a nudge naming an id nobody submitted, a participant's sweep — is answered and the entity
   * leaves memory at once: ids nobody submitted must not pin memory (P12 finding 1). While a submission is
   * being sequenced the entity stays for it.
   */
  private ReplyEffect<InstructionEvent, InstructionState> whileEmpty(InstructionCommand command) {
    if (command instanceof Submit c) {
      if (!awaitingSequencer) return askSequencer(c);
      if (waitingDuplicates.size() >= MAX_WAITING_DUPLICATES)
        return Effect().reply(c.replyTo(), new SubmitReply.Unavailable("too many concurrent duplicates"));
      waitingDuplicates.add(c);
      return Effect().noReply();
    }
    if (command instanceof SequencerAnswered c) return onSequencerAnswered(c);
    if (awaitingSequencer) {
      if (command instanceof Get c) return Effect().reply(c.replyTo(), new NotFound());
      if (command instanceof Resolve c) return Effect().reply(c.replyTo(), notResolvable(new Empty(), c));
      return Effect().noReply(); // the submission in progress decides
    }
    // Woken by a participant that numbered this instruction, which never recorded its acceptance:
    // report back so the number can be closed as VOID once the retry grace has passed (INV-SEQ).
    if (command instanceof Wake w && w.participantId() != null)
      participants.participant(w.participantId()).tell(new ParticipantCommand.VoidIfNeverAccepted(instructionId));
    if (command instanceof Get c) return leaveMemoryNow().thenReply(c.replyTo(), s -> new NotFound());
    if (command instanceof Resolve c) return leaveMemoryNow().thenReply(c.replyTo(), s -> notResolvable(s, c));
    return leaveMemoryNow().thenNoReply();
  }

  /**
   * Sharded: passivation, so that a message already on its way (a Submit right behind a lookup) is buffered by
   * the shard and starts the entity again rather than being lost. Outside sharding (unit tests): stop.
   */
  private org.apache.pekko.persistence.typed.javadsl.EffectBuilder<InstructionEvent, InstructionState> leaveMemoryNow() {
    timers.cancelAll();
    if (shard.isPresent()) {
      shard.get().tell(new ClusterSharding.Passivate<>(context.getSelf()));
      return Effect().none();
    }
    return Effect().stop();
  }

  // ---- creation --------------------------------------------------------------------------------------

  private ReplyEffect<InstructionEvent, InstructionState> askSequencer(Submit c) {
    awaitingSequencer = true;
    Submission s = c.submission();
    context.ask(
        SequenceReply.class,
        participants.participant(s.participantId()),
        settings.sequencerTimeout(),
        ref -> new ParticipantCommand.Sequence(
            instructionId, s.amount(), refusalOf(s), clock.instant().plus(settings.sequencerNumberWithin()), ref),
        (answer, failure) ->
            new SequencerAnswered(s, c.replyTo(), answer, failure == null ? null : failure.getMessage()));
    return Effect().noReply(); // the reply follows SequencerAnswered
  }

  /** What the instruction can refuse by itself: a creditor that no connected rail serves. */
  private ParticipantCommand.Refusal refusalOf(Submission s) {
    return rails.route(s.creditor()).isPresent()
        ? null
        : new ParticipantCommand.Refusal("RAIL_NOT_CONNECTED", "no connected rail serves this creditor");
  }

  private ReplyEffect<InstructionEvent, InstructionState> onSequencerAnswered(SequencerAnswered c) {
    awaitingSequencer = false;
    var duplicates = java.util.List.copyOf(waitingDuplicates);
    waitingDuplicates.clear();
    if (!(c.answer() instanceof SequenceReply.WithNumber numbered)) {
      // No number (no answer, or not numbered now): nothing persisted; every caller may retry and will ask the
      // (idempotent) sequencer again.
      var unavailable = new SubmitReply.Unavailable(
          c.answer() instanceof SequenceReply.NotNumbered busy ? "sequencer busy: " + busy.detail() : "sequencer unavailable: " + c.failure());
      duplicates.forEach(d -> d.replyTo().tell(unavailable));
      return leaveMemoryNow().thenReply(c.replyTo(), s -> unavailable);
    }
    Terms terms = Terms.of(c.submission(), numbered.sequenceId(), clock.instant());
    InstructionEvent event =
        c.answer() instanceof SequenceReply.Refused r
            ? new InstructionEvent.Rejected(terms, r.code(), r.detail())
            : new InstructionEvent.Accepted(terms);
    // The duplicates that waited are recorded in the same write as the acceptance.
    InstructionState created = apply(new Empty(), event);
    List<InstructionEvent> events = new ArrayList<>();
    events.add(event);
    for (Submit d : duplicates) events.add(duplicateOf((Known) created, d.submission()));
    // A rail that takes calls: the dispatch is journaled in the same atomic write as the acceptance (both
    // precede the rail call, so promise 3 holds), one commit fewer per instruction.
    startedWithAcceptance(created).ifPresent(events::add);
    return Effect()
        .persist(events)
        .thenRun(
            s -> {
              if (s instanceof Pending) context.getSelf().tell(new SendToRail());
              else if (s instanceof InFlight f) callRail(f);
              duplicates.forEach(d -> d.replyTo().tell(replayOrRefusal((Known) s, d.submission())));
            })
        .thenReply(c.replyTo(), s -> new SubmitReply.Recorded(recordedView((Known) s), false));
  }

  /** The first DispatchStarted, if the instruction was accepted and its rail takes calls now. */
  private Optional<InstructionEvent> startedWithAcceptance(InstructionState created) {
    if (!(created instanceof Pending)) return Optional.empty();
    return rails.route(((Pending) created).terms().creditor())
        .filter(Rail::acceptsCalls)
        .map(rail -> new InstructionEvent.DispatchStarted(1, rail.id(), RailKey.forInstruction(instructionId), clock.instant()));
  }

  /**
   * A duplicate: same body → a replay, other body → refused; either way nothing is executed again, and the
   * duplicate is recorded (with its attestation) before it is answered.
   */
  private ReplyEffect<InstructionEvent, InstructionState> replayOrRefuse(
      Known state, Submission submission, org.apache.pekko.actor.typed.ActorRef<SubmitReply> replyTo) {
    return Effect()
        .persist(duplicateOf(state, submission))
        .thenReply(replyTo, s -> replayOrRefusal((Known) s, submission));
  }

  private InstructionEvent.DuplicateReceived duplicateOf(Known state, Submission submission) {
    return new InstructionEvent.DuplicateReceived(
        submission.attestationId(), sameBody(state, submission), state.status(), clock.instant());
  }

  private static boolean sameBody(Known state, Submission submission) {
    return state.terms().bodySha256().equals(submission.bodySha256());
  }

  /**
   * The replay answer: while the instruction is in progress, the response recorded at acceptance
   * (identical for every replay); once it has an outcome (final, or UNKNOWN_OUTCOME), that outcome.
   */
  private SubmitReply replayOrRefusal(Known state, Submission submission) {
    if (!sameBody(state, submission)) return new SubmitReply.KeyReused(instructionId);
    return new SubmitReply.Recorded(recordedView(state), true);
  }

  /** In progress: the view recorded at acceptance (PENDING, whatever dispatch has begun); else the outcome. */
  private static InstructionView recordedView(Known state) {
    return state instanceof Open ? Views.asAccepted(state) : state.view();
  }

  // ---- dispatch and its outcome -------------------------------------------------------------------------

  private ReplyEffect<InstructionEvent, InstructionState> dispatch(Pending p) {
    var rail = rails.route(p.terms().creditor());
    if (rail.isEmpty())
      return terminal(new InstructionEvent.Failed("RAIL_NOT_CONNECTED", "no connected rail serves this creditor", clock.instant()));
    if (!rail.get().acceptsCalls()) {
      // The rail is failing: wait, unsent, rather than spend an attempt on a call that would not leave.
      timers.startSingleTimer(RAIL_TIMER, new SendToRail(),
          settings.backoff(settings.retryMinBackoff(), settings.retryMaxBackoff(), queryStep++, ThreadLocalRandom.current().nextDouble()));
      return Effect().noReply();
    }
    var started = new InstructionEvent.DispatchStarted(1, rail.get().id(), RailKey.forInstruction(instructionId), clock.instant());
    return Effect().persist(started).thenRun(s -> callRail((InFlight) s)).thenNoReply();
  }

  private void callRail(InFlight s) {
    int attempt = s.dispatch().attempt();
    withRail(s, rail -> context.pipeToSelf(
        bounded(rail.dispatch(transferOf(s))),
        (result, failure) -> result instanceof RailResult.NotAsked notSent
            ? new DispatchNotSent(attempt, notSent.reason())
            : new RailAnswered(attempt, orUnknown(result, failure))));
  }

  /** Ask the rail now instead of at the next poll. */
  private void askNow(Open s) {
    timers.cancel(RAIL_TIMER);
    queryRail(s);
  }

  /** Callbacks may come repeated or replayed: at most one of them per interval makes the instruction ask. */
  private boolean callbackQueryDue() {
    var now = clock.instant();
    if (lastCallbackQuery != null && now.isBefore(lastCallbackQuery.plus(settings.callbackQueryInterval()))) return false;
    lastCallbackQuery = now;
    return true;
  }

  private void queryRail(Open s) {
    int attempt = attemptOf(s);
    withRail(s, rail -> context.pipeToSelf(
        bounded(rail.status(dispatchOf(s).railKey())),
        (result, failure) -> new RailAnswered(attempt, orUnknown(result, failure))));
  }

  private ReplyEffect<InstructionEvent, InstructionState> onRailAnswered(Open state, RailResult result) {
    int attempt = attemptOf(state);
    var now = clock.instant();
    if (result instanceof RailResult.Completed c) return terminal(new InstructionEvent.Succeeded(c.railReference(), now));
    if (result instanceof RailResult.Declined d) return terminal(new InstructionEvent.Failed(d.reasonCode(), d.message(), now));
    if (pastOutcomeTtl(state))
      return outcomeTtlPassed("; last: " + describe(result));
    if (result instanceof RailResult.NotAsked) {
      // The node's status budget for this rail is spent: nothing was learnt, ask at the next poll.
      schedule(new QueryRail(attempt), settings.pollInitial(), settings.pollMax(), pollStep++);
      return Effect().noReply();
    }
    if (state instanceof InFlight) {
      if (result instanceof RailResult.InProgress) {
        if (pollStep == 0) firstPoll(state, attempt);
        else schedule(new QueryRail(attempt), settings.pollInitial(), settings.pollMax(), pollStep++);
        return Effect().noReply();
      }
      queryStep = 0;
      return Effect()
          .persist(new InstructionEvent.DispatchUncertain(attempt, describe(result), now))
          .thenRun(s -> schedule(new QueryRail(attempt), settings.retryMinBackoff(), settings.retryMaxBackoff(), queryStep++))
          .thenNoReply();
    }
    // RECOVERING: only status answers arrive here.
    if (result instanceof RailResult.InProgress) {
      pollStep = 0;
      return Effect()
          .persist(new InstructionEvent.DispatchConfirmed(attempt, now))
          .thenRun(s -> schedule(new QueryRail(attempt), settings.pollInitial(), settings.pollMax(), pollStep++))
          .thenNoReply();
    }
    if (result instanceof RailResult.NotFound) {
      if (attempt >= settings.maxDispatchAttempts()) {
        // The last send may still be on its way (a request can outlive its timeout): look once more after a
        // quiet period longer than any call may take, and only then give up. Never dead-letter a payment
        // that is about to happen.
        if (!confirmingDeadLetter) {
          confirmingDeadLetter = true;
          timers.startSingleTimer(RAIL_TIMER, new QueryRail(attempt), settings.railCallTimeout().multipliedBy(2));
          return Effect().noReply();
        }
        return terminal(new InstructionEvent.Failed(
            DLQ, "the rail did not receive the transfer after " + attempt + " attempts; dead-lettered", now));
      }
      // The rail never executed this key: sending again under the same key is safe, once it takes calls.
      if (!withRailAcceptingCalls(state)) {
        schedule(new QueryRail(attempt), settings.retryMinBackoff(), settings.retryMaxBackoff(), queryStep++);
        return Effect().noReply();
      }
      var next = new InstructionEvent.DispatchStarted(attempt + 1, dispatchOf(state).railId(), dispatchOf(state).railKey(), now);
      return Effect().persist(next).thenRun(s -> callRail((InFlight) s)).thenNoReply();
    }
    confirmingDeadLetter = false;
    // Still no usable answer: keep asking, at a bounded pace, never guessing.
    schedule(new QueryRail(attempt), settings.retryMinBackoff(), settings.retryMaxBackoff(), queryStep++);
    return Effect().noReply();
  }

  /** The rail gave no final answer within the outcome TTL: UNKNOWN_OUTCOME, never assumed failed. */
  private ReplyEffect<InstructionEvent, InstructionState> outcomeTtlPassed(String last) {
    return declareUnknown("no final answer from the rail within " + settings.outcomeTtl() + last);
  }

  private ReplyEffect<InstructionEvent, InstructionState> terminal(InstructionEvent event) {
    timers.cancel(RAIL_TIMER);
    return Effect()
        .persist(event)
        .thenRun(this::reportDeadLetter)
        .thenRun(this::settleWithParticipant)
        .thenRun(s -> lingerThenPassivate())
        .thenNoReply();
  }

  /** Once journaled, a dead-lettered failure is reported for operators (the reconciliation worker re-checks). */
  private void reportDeadLetter(InstructionState state) {
    if (state instanceof Failed f && DLQ.equals(f.code())) incidents.record("DLQ", f.terms().participantId(), instructionId, f.detail());
  }

  /** At-least-once: repeated on every recovery of a terminal instruction; the participant applies it once. */
  private void settleWithParticipant(InstructionState state) {
    Outcome outcome =
        state instanceof Succeeded ? Outcome.SUCCEEDED : state instanceof Failed ? Outcome.FAILED : null;
    if (outcome != null)
      participants
          .participant(((Known) state).terms().participantId())
          .tell(new ParticipantCommand.Settle(instructionId, outcome));
  }

  private boolean pastOutcomeTtl(Open state) {
    return !(state instanceof Pending) && clock.instant().isAfter(state.terms().acceptedAt().plus(settings.outcomeTtl()));
  }

  /** Past the TTL without a final answer: UNKNOWN_OUTCOME for an operator; never assumed failed, nothing released. */
  private ReplyEffect<InstructionEvent, InstructionState> declareUnknown(String reason) {
    timers.cancel(RAIL_TIMER);
    context.getLog().warn("instruction {}: outcome unknown ({}); an operator must resolve it", instructionId, reason);
    return Effect()
        .persist(new InstructionEvent.OutcomeDeclaredUnknown(reason, clock.instant()))
        .thenRun(s -> incidents.record("UNKNOWN_OUTCOME", ((Known) s).terms().participantId(), instructionId, reason))
        .thenRun(s -> lingerThenPassivate())
        .thenNoReply();
  }

  /** The rail's stage, bounded: an adapter that never completes must not stall the instruction. */
  private java.util.concurrent.CompletionStage<RailResult> bounded(java.util.concurrent.CompletionStage<RailResult> call) {
    return call.toCompletableFuture().copy().orTimeout(settings.railCallTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /**
   * Only an instruction with nothing left to do may leave memory: an open one holds the rail timer that
   * drives it (a linger set while it was still empty must not stop it once it has been accepted).
   */
  private boolean mayLeaveMemory(InstructionState state) {
    return state instanceof Terminal || state instanceof OutcomeUnknown; // an empty one leaves at once (whileEmpty)
  }

  /** A terminal instruction stays in memory briefly (duplicates often come soon), then leaves. */
  private void lingerThenPassivate() {
    timers.startSingleTimer(LINGER_TIMER, new Linger(), settings.terminalLinger());
  }

  // ---- supervision: stuck instructions and four-eyes resolutions -----------------------------------------

  /** A stuck PENDING one is sent; a terminal one settles again (at-least-once); an unknown id leaves memory. */
  private ReplyEffect<InstructionEvent, InstructionState> nudge(InstructionState state) {
    if (state instanceof Pending) context.getSelf().tell(new SendToRail());
    else if (state instanceof Terminal) settleWithParticipant(state);
    return Effect().noReply();
  }

  /**
   * Applied only where the engine cannot decide by itself: UNKNOWN_OUTCOME becomes SUCCEEDED or FAILED (the
   * participant commits or releases the reservation); a dead-lettered FAILED can only be confirmed, because its
   * reservation was already released. Anything else is refused and nothing is journaled.
   */
  private ReplyEffect<InstructionEvent, InstructionState> resolve(InstructionState state, Resolve c) {
    if (c.proposedBy() == null || c.proposedBy().equals(c.approvedBy()))
      return Effect().reply(c.replyTo(), new ResolveReply.NotResolvable(statusOf(state), "a resolution needs two different operators"));
    if (c.resolution() == ManualResolution.SUCCEEDED && (c.railReference() == null || c.railReference().isBlank()))
      return Effect().reply(c.replyTo(), new ResolveReply.NotResolvable(statusOf(state), "SUCCEEDED needs the rail's reference"));
    boolean resolvable =
        state instanceof OutcomeUnknown
            || (state instanceof Failed f && DLQ.equals(f.code()) && c.resolution() == ManualResolution.FAILED);
    if (!resolvable) return Effect().reply(c.replyTo(), notResolvable(state, c));
    var event = new InstructionEvent.ResolvedByOperators(
        c.resolution(), c.railReference(), c.proposedBy(), c.approvedBy(), c.reason(), c.evidence(), clock.instant());
    return Effect()
        .persist(event)
        .thenRun(this::settleWithParticipant)
        .thenRun(s -> lingerThenPassivate())
        .thenReply(c.replyTo(), s -> new ResolveReply.Resolved(((Known) s).view()));
  }

  private static ResolveReply notResolvable(InstructionState state, Resolve c) {
    return new ResolveReply.NotResolvable(statusOf(state), whyNotResolvable(state, c.resolution()));
  }

  private static String whyNotResolvable(InstructionState state, ManualResolution resolution) {
    if (state instanceof Empty) return "no such instruction";
    if (state instanceof Failed f && DLQ.equals(f.code()))
      return "a dead-lettered instruction's reservation was released; it can only be confirmed FAILED, not " + resolution;
    return "an instruction in " + state.status() + " is not waiting for operators";
  }

  private static InstructionStatus statusOf(InstructionState state) {
    return state instanceof Known k ? k.status() : null;
  }

  // ---- recovery ----------------------------------------------------------------------------------------

  private ReplyEffect<InstructionEvent, InstructionState> resume(InstructionState state) {
    if (state instanceof Pending) context.getSelf().tell(new SendToRail());
    else if (state instanceof InFlight || state instanceof Recovering) queryRail((Open) state); // ask before acting
    else if (state instanceof Terminal) {
      settleWithParticipant(state);
      lingerThenPassivate();
    }
    return Effect().noReply();
  }

  @Override
  public SignalHandler<InstructionState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              if (!(state instanceof Empty)) context.getSelf().tell(new Resume());
            })
        .build();
  }

  /**
   * Every event carries its slice tag (the read-model projection); duplicates are tagged besides so that
   * their totals can be counted from the journal.
   */
  @Override
  public java.util.Set<String> tagsFor(InstructionEvent event) {
    String slice = InstructionTags.sliceOf(instructionId);
    if (!(event instanceof InstructionEvent.DuplicateReceived d)) return java.util.Set.of(slice);
    java.util.Set<String> tags = new java.util.HashSet<>();
    tags.add(slice);
    tags.add(DuplicateTags.DUPLICATE);
    tags.add(d.sameBody() ? DuplicateTags.REPLAYED : DuplicateTags.KEY_REUSED);
    if (d.statusAtArrival().isTerminal()) tags.add(DuplicateTags.TERMINAL_REENTRY);
    return tags;
  }

  // ---- state transitions --------------------------------------------------------------------------------

  @Override
  public EventHandler<InstructionState, InstructionEvent> eventHandler() {
    return (state, event) -> apply(state, event);
  }

  /** The state after {@code event}; also what an offline replay of the journal folds with (audit's ledger check). */
  public static InstructionState apply(InstructionState state, InstructionEvent event) {
    if (event instanceof InstructionEvent.Accepted e && state instanceof Empty s) return s.accept(e.terms());
    if (event instanceof InstructionEvent.Rejected e && state instanceof Empty s) return s.reject(e.terms(), e.code(), e.detail());
    if (event instanceof InstructionEvent.DispatchStarted e && state instanceof Pending s)
      return s.start(e.attempt(), e.railId(), e.railKey(), e.at());
    if (event instanceof InstructionEvent.DispatchStarted e && state instanceof Recovering s) return s.retry(e.attempt(), e.at());
    if (event instanceof InstructionEvent.DispatchUncertain e && state instanceof InFlight s) return s.uncertain(e.reason(), e.at());
    if (event instanceof InstructionEvent.DispatchConfirmed e && state instanceof Recovering s) return s.confirmed(e.at());
    if (event instanceof InstructionEvent.Succeeded e && state instanceof InFlight s) return s.succeed(e.railReference(), e.at());
    if (event instanceof InstructionEvent.Succeeded e && state instanceof Recovering s) return s.succeed(e.railReference(), e.at());
    if (event instanceof InstructionEvent.Failed e && state instanceof Open s) return s.fail(e.code(), e.detail(), e.at());
    if (event instanceof InstructionEvent.OutcomeDeclaredUnknown e && state instanceof InFlight s) return s.unknown(e.reason(), e.at());
    if (event instanceof InstructionEvent.OutcomeDeclaredUnknown e && state instanceof Recovering s)
      return s.unknown(e.reason(), e.at());
    if (event instanceof InstructionEvent.ResolvedByOperators e && state instanceof OutcomeUnknown s) return s.resolve(e);
    if (event instanceof InstructionEvent.ResolvedByOperators e && state instanceof Failed s
        && DLQ.equals(s.code()) && e.resolution() == ManualResolution.FAILED)
      return state; // the dead-lettered failure confirmed: recorded, nothing changes
    if (event instanceof InstructionEvent.DuplicateReceived && state instanceof Known) return state; // changes nothing
    throw new IllegalStateException("event " + event.getClass().getSimpleName() + " cannot happen in " + state);
  }

  // ---- helpers -----------------------------------------------------------------------------------------

  /**
   * The first status query after the rail took the transfer waits for the rail's typical completion time (a
   * callback usually arrives first and asks at once): one exchange instead of a series of early polls.
   */
  private void firstPoll(Open state, int attempt) {
    var typical = rails.byId(dispatchOf(state).railId()).map(Rail::firstStatusQueryAfter).orElse(java.time.Duration.ZERO);
    var first = settings.backoff(settings.pollInitial(), settings.pollMax(), pollStep++, ThreadLocalRandom.current().nextDouble());
    timers.startSingleTimer(RAIL_TIMER, new QueryRail(attempt), typical.compareTo(first) > 0 ? typical : first);
  }

  private void schedule(InstructionCommand message, java.time.Duration min, java.time.Duration max, int step) {
    timers.startSingleTimer(RAIL_TIMER, message, settings.backoff(min, max, step, ThreadLocalRandom.current().nextDouble()));
  }

  private void withRail(Open s, java.util.function.Consumer<Rail> call) {
    var rail = rails.byId(dispatchOf(s).railId());
    if (rail.isPresent()) call.accept(rail.get());
    else {
      // Configuration lost a rail this instruction is at: keep it open and ask again later; never guess.
      context.getLog().error("instruction {} is at rail {} which is not configured", instructionId, dispatchOf(s).railId());
      schedule(new QueryRail(attemptOf(s)), settings.retryMaxBackoff(), settings.retryMaxBackoff(), 0);
    }
  }

  private boolean withRailAcceptingCalls(Open s) {
    return rails.byId(dispatchOf(s).railId()).map(Rail::acceptsCalls).orElse(false);
  }

  private RailTransfer transferOf(InFlight s) {
    Terms t = s.terms();
    return new RailTransfer(instructionId, s.dispatch().railKey(), t.participantId(), t.amount(), t.creditor(), t.reference());
  }

  private static InstructionState.Dispatch dispatchOf(Open s) {
    if (s instanceof InFlight f) return f.dispatch();
    if (s instanceof Recovering r) return r.dispatch();
    throw new IllegalStateException("no dispatch yet in " + s);
  }

  private static int attemptOf(Open s) {
    return s instanceof Pending ? 0 : dispatchOf(s).attempt();
  }

  private static RailResult orUnknown(RailResult result, Throwable failure) {
    if (failure != null) return new RailResult.Unknown(failure.getClass().getSimpleName() + ": " + failure.getMessage());
    return result == null ? new RailResult.Unknown("no result") : result;
  }

  private static String describe(RailResult result) {
    return result instanceof RailResult.Unknown u ? u.reason() : result.getClass().getSimpleName();
  }
}
