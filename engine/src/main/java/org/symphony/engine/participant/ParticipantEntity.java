package org.symphony.engine.participant;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.symphony.engine.participant.ParticipantCommand.*;
import org.symphony.engine.participant.ParticipantCommand.SequenceReply.Refused;
import org.symphony.engine.participant.ParticipantCommand.SequenceReply.Sequenced;
import org.symphony.engine.participant.ParticipantCommand.SequenceReply.NotNumbered;
import org.symphony.engine.participant.ParticipantEvent.*;
import org.symphony.engine.policy.PolicyPublisher;

/**
 * The single writer of one participant's sequence and exposure. Sequencing requests and settlements that arrive
 * while a write is in flight are decided together and persisted in one write (group commit), so a busy
 * participant costs one journal round trip per batch, not per instruction.
 */
public final class ParticipantEntity extends EventSourcedBehavior<ParticipantCommand, ParticipantEvent, ParticipantState> {

  public static final EntityTypeKey<ParticipantCommand> ENTITY_KEY =
      EntityTypeKey.create(ParticipantCommand.class, "Participant");

  private final String participantId;
  private final ActorContext<ParticipantCommand> context;
  private final ParticipantSettings settings;
  private final Clock clock;
  private final InstructionWaker wakeInstruction;
  private final PolicyPublisher policyPublisher;
  /** Requests waiting for the next flush; with settles, bounded by settings.maxBatch(). Not state: never persisted. */
  private final List<Sequence> batch = new ArrayList<>();
  /** Settlements waiting for the next flush (at-least-once deliveries, applied once there). Not state. */
  private final List<Settle> settles = new ArrayList<>();
  /** Open instruction ids to wake after recovery; emptied as the slices go out. */
  private List<String> toWake = List.of();

  /**
   * @param wakeInstruction starts an instruction entity so that it drives itself on after a crash
   * @param policyPublisher told every participant's policy version after a change and after recovery
   */
  public static void init(
      ActorSystem<?> system,
      ParticipantSettings settings,
      Clock clock,
      InstructionWaker wakeInstruction,
      PolicyPublisher policyPublisher) {
    // Participants are few and carry the sweep timer: never passivated by idleness.
    ClusterSharding.get(system)
        .init(
            Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, clock, wakeInstruction, policyPublisher))
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
  }

  public static Behavior<ParticipantCommand> create(
      String participantId,
      ParticipantSettings settings,
      Clock clock,
      InstructionWaker wakeInstruction,
      PolicyPublisher policyPublisher) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay("sweep", new SweepOpenInstructions(), settings.sweepInterval());
                  return new ParticipantEntity(participantId, ctx, settings, clock, wakeInstruction, policyPublisher);
                }));
  }

  private ParticipantEntity(
      String participantId,
      ActorContext<ParticipantCommand> context,
      ParticipantSettings settings,
      Clock clock,
      InstructionWaker wakeInstruction,
      PolicyPublisher policyPublisher) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), participantId),
        org.symphony.engine.supervision.RestartBackoff.fromConfig(context.getSystem().settings().config(), "symphony.engine.participant").strategy());
    this.participantId = participantId;
    this.context = context;
    this.settings = settings;
    this.clock = clock;
    this.wakeInstruction = wakeInstruction;
    this.policyPublisher = policyPublisher;
  }

  @Override
  public ParticipantState emptyState() {
    return ParticipantState.initial();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public CommandHandler<ParticipantCommand, ParticipantEvent, ParticipantState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Sequence.class, this::onSequence)
        .onCommand(FlushQueued.class, this::onFlush)
        .onCommand(Settle.class, this::onSettle)
        .onCommand(VoidIfNeverAccepted.class, this::onVoidIfNeverAccepted)
        .onCommand(CloseSequenceHole.class, this::onCloseSequenceHole)
        .onCommand(Suspend.class, (s, c) -> changePolicy(s, s.suspend(c.by(), c.reason(), clock.instant()), c.replyTo()))
        .onCommand(Reinstate.class, (s, c) -> changePolicy(s, s.reinstate(c.by(), c.reason(), clock.instant()), c.replyTo()))
        .onCommand(ChangeLimits.class, this::onChangeLimits)
        .onCommand(GetPosition.class, (s, c) -> Effect().reply(c.replyTo(), view(s)))
        .onCommand(WakeUp.class, (s, c) -> Effect().none())
        .onCommand(WakeOpenInstructions.class, this::onWakeOpenInstructions)
        .onCommand(SweepOpenInstructions.class, this::onSweep)
        .build();
  }

  private Effect<ParticipantEvent, ParticipantState> onSequence(ParticipantState state, Sequence cmd) {
    var existing = state.open().get(cmd.instructionId());
    if (existing.isPresent()) {
      // A retry after a crash between sequencing and acceptance: same id, never a new one.
      return Effect().reply(cmd.replyTo(), new Sequenced(existing.get().sequenceId()));
    }
    batch.add(cmd); // deadline and room are decided at the flush, the one place that numbers
    return queued(state);
  }

  /** Flushes a full batch now; else the first queued item schedules the flush behind what is already waiting. */
  private Effect<ParticipantEvent, ParticipantState> queued(ParticipantState state) {
    int queued = batch.size() + settles.size();
    if (queued >= settings.maxBatch()) return flush(state);
    if (queued == 1) context.getSelf().tell(new FlushQueued());
    return Effect().none();
  }

  private Effect<ParticipantEvent, ParticipantState> onFlush(ParticipantState state, FlushQueued cmd) {
    return batch.isEmpty() && settles.isEmpty() ? Effect().none() : flush(state);
  }

  /**
   * Applies the queued settlements (releasing their reservations first, so that requests in the same batch see the
   * room they free), then decides every request in arrival order against the evolving state; persists all at once.
   */
  private Effect<ParticipantEvent, ParticipantState> flush(ParticipantState state) {
    List<Sequence> requests = List.copyOf(batch);
    batch.clear();
    List<Settle> settling = List.copyOf(settles);
    settles.clear();
    List<ParticipantEvent> events = new ArrayList<>(requests.size() + settling.size());
    java.util.Map<String, SequenceReply> decided = new java.util.HashMap<>();
    ParticipantState running = state;
    var now = clock.instant();
    for (Settle st : settling) {
      var open = running.open().get(st.instructionId());
      if (open.isEmpty()) continue; // delivered twice before the flush: applied once
      var settled = new InstructionSettled(st.instructionId(), st.outcome(), open.get().amount(), now);
      events.add(settled);
      running = running.apply(settled);
    }
    for (Sequence r : requests) {
      if (decided.containsKey(r.instructionId())) continue; // the same instruction twice in one batch
      if (r.tooLateAt(now)) {
        decided.put(r.instructionId(), tooLate(r)); // shed before numbering: no number, so no hole (INV-SEQ)
        continue;
      }
      if (running.open().size() >= settings.maxOpen()) {
        decided.put(r.instructionId(), new NotNumbered(
            "the participant holds its maximum of " + settings.maxOpen() + " open instructions; retry once some settle"));
        continue;
      }
      Numbered event = running.decide(r.instructionId(), r.amount(), r.refusal(), now);
      events.add(event);
      running = running.apply(event);
      decided.put(r.instructionId(), replyFor(event));
    }
    var effect = events.isEmpty() ? Effect().none() : Effect().persist(events);
    return effect.thenRun(s -> requests.forEach(r -> r.replyTo().tell(decided.get(r.instructionId()))));
  }

  private static SequenceReply tooLate(Sequence r) {
    return new NotNumbered("not numbered by " + r.numberBy() + ": the sequencer is behind");
  }

  private static SequenceReply replyFor(Numbered event) {
    if (event instanceof InstructionRefused r) return new Refused(r.sequenceId(), r.code(), r.detail());
    return new Sequenced(event.sequenceId());
  }

  /** Queued for the next write, with whatever else is waiting (recovery settles thousands at once). */
  private Effect<ParticipantEvent, ParticipantState> onSettle(ParticipantState state, Settle cmd) {
    if (state.open().get(cmd.instructionId()).isEmpty()) return Effect().none(); // already settled: applied once
    settles.add(cmd);
    return queued(state);
  }

  /**
   * The instruction reports it never persisted its acceptance (it crashed between sequencing and
   * acceptance). Once the grace for a retry has passed, the number is closed as VOID so that every
   * sequence id still maps to an outcome (INV-SEQ); a later retry gets a new number.
   */
  private Effect<ParticipantEvent, ParticipantState> onVoidIfNeverAccepted(ParticipantState state, VoidIfNeverAccepted cmd) {
    var open = state.open().get(cmd.instructionId());
    if (open.isEmpty()) return Effect().none();
    var now = clock.instant();
    if (open.get().sequencedAt().plus(settings.voidUnacceptedAfter()).isAfter(now)) return Effect().none();
    return Effect()
        .persist(
            new SequenceVoided(
                open.get().sequenceId(), cmd.instructionId(), open.get().amount(), "NEVER_ACCEPTED",
                "sequenced at " + open.get().sequencedAt() + " but the instruction never recorded its acceptance", now));
  }

  /** Wakes the open instruction holding the number; a number that is not open (settled, voided) needs nothing. */
  private Effect<ParticipantEvent, ParticipantState> onCloseSequenceHole(ParticipantState state, CloseSequenceHole cmd) {
    state.open().bySequenceId(cmd.sequenceId()).ifPresent(o -> wakeInstruction.wake(participantId, o.instructionId()));
    return Effect().none();
  }

  /** Persists the change, announces the new version, replies the view; no change (a repeat) persists nothing. */
  private Effect<ParticipantEvent, ParticipantState> changePolicy(
      ParticipantState state, Optional<? extends PolicyChanged> change, ActorRef<ParticipantView> replyTo) {
    if (change.isEmpty()) return Effect().reply(replyTo, view(state));
    return Effect().persist(change.get()).thenRun(this::publishPolicy).thenReply(replyTo, this::view);
  }

  private Effect<ParticipantEvent, ParticipantState> onChangeLimits(ParticipantState state, ChangeLimits cmd) {
    List<String> problems = new ArrayList<>();
    if (cmd.by() == null || cmd.by().isBlank()) problems.add("by (the operator) is required");
    if (cmd.limits() == null) problems.add("limits are required");
    else problems.addAll(cmd.limits().problems());
    if (!problems.isEmpty()) return Effect().reply(cmd.replyTo(), new LimitsReply.Invalid(problems, view(state)));
    var change = state.changeLimits(cmd.limits(), cmd.by(), cmd.reason(), clock.instant());
    if (change.isEmpty()) return Effect().reply(cmd.replyTo(), new LimitsReply.Applied(view(state)));
    return Effect()
        .persist(change.get())
        .thenRun(this::publishPolicy)
        .thenReply(cmd.replyTo(), s -> new LimitsReply.Applied(view(s)));
  }

  private void publishPolicy(ParticipantState state) {
    policyPublisher.publish(participantId, state.policyVersion(), state.standing());
  }

  private ParticipantView view(ParticipantState state) {
    return ParticipantView.of(participantId, state, clock.instant());
  }

  private Effect<ParticipantEvent, ParticipantState> onWakeOpenInstructions(ParticipantState state, WakeOpenInstructions cmd) {
    int to = Math.min(cmd.from() + settings.wakeSlice(), toWake.size());
    for (String id : toWake.subList(cmd.from(), to)) wakeInstruction.wake(participantId, id);
    if (to < toWake.size()) context.scheduleOnce(settings.wakeInterval(), context.getSelf(), new WakeOpenInstructions(to));
    else toWake = List.of();
    return Effect().none();
  }

  /**
   * Periodic safety net: wake every open instruction. Live ones ignore it; one that was stopped (shard
   * moved to another node, entity restarted after a persist failure) recovers and drives itself on.
   */
  private Effect<ParticipantEvent, ParticipantState> onSweep(ParticipantState state, SweepOpenInstructions cmd) {
    if (toWake.isEmpty() && state.open().size() > 0) startWaking(state);
    return Effect().none();
  }

  private void startWaking(ParticipantState state) {
    toWake = state.open().toList().stream().map(OpenInstruction::instructionId).toList();
    context.getSelf().tell(new WakeOpenInstructions(0));
  }

  /** Operator actions are tagged so the audit trail can list them without reading every sequencing event. */
  public static final String POLICY_TAG = "participant-policy";
  /** Voided numbers are tagged so the reconciliation worker can record each VOID with its evidence (INV-SEQ). */
  public static final String VOID_TAG = "sequence-void";

  @Override
  public java.util.Set<String> tagsFor(ParticipantEvent event) {
    if (event instanceof PolicyChanged) return java.util.Set.of(POLICY_TAG);
    if (event instanceof SequenceVoided) return java.util.Set.of(VOID_TAG);
    return java.util.Set.of();
  }

  @Override
  public EventHandler<ParticipantState, ParticipantEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(ParticipantState::apply);
  }

  @Override
  public SignalHandler<ParticipantState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              // The last announcement may have been lost with the node that made it: announce again.
              publishPolicy(state);
              // After a crash, the open instructions are the ones owed an outcome: start them so they drive on.
              if (state.open().size() > 0) {
                context.getLog().info("participant {} recovered with {} open instructions; waking them", participantId, state.open().size());
                startWaking(state);
              }
            })
        .build();
  }
}
