package org.symphony.node.supervision;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.symphony.audit.reconcile.EngineLink;
import org.symphony.engine.instruction.InstructionCommand;
import org.symphony.engine.instruction.InstructionCommand.GetReply;
import org.symphony.engine.instruction.InstructionEntity;
import org.symphony.engine.instruction.InstructionId;
import org.symphony.engine.participant.ParticipantCommand;
import org.symphony.engine.participant.ParticipantEntity;

/** The reconciliation worker's way into the engine: the instruction and participant shards, wherever they live. */
public final class ShardedEngineLink implements EngineLink {

  private final ClusterSharding sharding;
  private final Duration askTimeout;

  public ShardedEngineLink(ActorSystem<?> system, Duration askTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
  }

  @Override
  public CompletionStage<Boolean> instructionExists(String instructionId) {
    if (!InstructionId.isWellFormed(instructionId)) return java.util.concurrent.CompletableFuture.completedFuture(false);
    return sharding.entityRefFor(InstructionEntity.ENTITY_KEY, instructionId)
        .<GetReply>ask(InstructionCommand.Get::new, askTimeout)
        .thenApply(reply -> reply instanceof GetReply.Found);
  }

  @Override
  public void nudge(String instructionId) {
    if (InstructionId.isWellFormed(instructionId))
      sharding.entityRefFor(InstructionEntity.ENTITY_KEY, instructionId).tell(new InstructionCommand.Nudge());
  }

  @Override
  public void closeSequenceHole(String participantId, long sequenceId) {
    sharding.entityRefFor(ParticipantEntity.ENTITY_KEY, participantId).tell(new ParticipantCommand.CloseSequenceHole(sequenceId));
  }
}
