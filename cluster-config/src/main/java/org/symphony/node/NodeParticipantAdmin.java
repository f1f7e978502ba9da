package org.symphony.node;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.symphony.edge.admin.ParticipantAdmin;
import org.symphony.engine.participant.LimitProfile;
import org.symphony.engine.participant.ParticipantCommand;
import org.symphony.engine.participant.ParticipantCommand.LimitsReply;
import org.symphony.engine.participant.ParticipantEntity;
import org.symphony.engine.participant.ParticipantEvent.PolicyChanged;
import org.symphony.engine.participant.ParticipantView;
import org.symphony.persistence.ApiClients;

/**
 * The operator API's hold on participants: asks the sharded ParticipantEntity (wherever it lives in the
 * cluster), after checking the participant is registered, so an operator's typo never creates one.
 */
final class NodeParticipantAdmin implements ParticipantAdmin {

  private final ActorSystem<?> system;
  private final ApiClients clients;
  private final JdbcReadJournal journal;
  private final Executor blocking;
  private final Duration askTimeout;

  NodeParticipantAdmin(ActorSystem<?> system, ApiClients clients, JdbcReadJournal journal, Executor blocking, Duration askTimeout) {
    this.system = system;
    this.clients = clients;
    this.journal = journal;
    this.blocking = blocking;
    this.askTimeout = askTimeout;
  }

  @Override
  public CompletionStage<Optional<ParticipantView>> view(String participantId) {
    return ifKnown(participantId, () -> ask(participantId, ParticipantCommand.GetPosition::new));
  }

  @Override
  public CompletionStage<Optional<ParticipantView>> suspend(String participantId, String by, String reason) {
    return ifKnown(participantId, () -> ask(participantId, r -> new ParticipantCommand.Suspend(by, reason, r)));
  }

  @Override
  public CompletionStage<Optional<ParticipantView>> resume(String participantId, String by, String reason) {
    return ifKnown(participantId, () -> ask(participantId, r -> new ParticipantCommand.Reinstate(by, reason, r)));
  }

  @Override
  public CompletionStage<Optional<LimitsReply>> changeLimits(String participantId, LimitProfile limits, String by, String reason) {
    return ifKnown(participantId, () -> ask(participantId, r -> new ParticipantCommand.ChangeLimits(limits, by, reason, r)));
  }

  /** Reads the policy-change tag (operator actions only, few), keeps this participant's newest `limit`. */
  @Override
  public CompletionStage<Optional<List<PolicyChanged>>> actions(String participantId, int limit) {
    String persistenceId = PersistenceId.of(ParticipantEntity.ENTITY_KEY.name(), participantId).id();
    return ifKnown(participantId, () -> journal
        .currentEventsByTag(ParticipantEntity.POLICY_TAG, Offset.noOffset())
        .filter(envelope -> envelope.persistenceId().equals(persistenceId) && envelope.event() instanceof PolicyChanged)
        .runFold((Deque<PolicyChanged>) new ArrayDeque<PolicyChanged>(), (newest, envelope) -> {
          newest.addFirst((PolicyChanged) envelope.event());
          if (newest.size() > limit) newest.removeLast();
          return newest;
        }, system)
        .thenApply(newest -> Collections.unmodifiableList(new ArrayList<>(newest))));
  }

  private <T> CompletionStage<Optional<T>> ifKnown(String participantId, java.util.function.Supplier<CompletionStage<T>> then) {
    return CompletableFuture.supplyAsync(() -> clients.hasParticipant(participantId), blocking)
        .thenCompose(known -> known ? then.get().thenApply(Optional::of) : CompletableFuture.completedFuture(Optional.<T>empty()));
  }

  private <T> CompletionStage<T> ask(String participantId, Function<ActorRef<T>, ParticipantCommand> command) {
    return ClusterSharding.get(system)
        .entityRefFor(ParticipantEntity.ENTITY_KEY, participantId)
        .ask(command::apply, askTimeout);
  }
}
