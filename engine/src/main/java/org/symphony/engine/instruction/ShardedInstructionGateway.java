package org.symphony.engine.instruction;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.symphony.engine.instruction.InstructionCommand.GetReply;

/** The engine behind the edge: asks the instruction's sharded entity, wherever in the cluster it lives. */
public final class ShardedInstructionGateway implements InstructionGateway {

  private final ClusterSharding sharding;
  private final Duration askTimeout;

  public ShardedInstructionGateway(ActorSystem<?> system, Duration askTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
  }

  @Override
  public CompletionStage<SubmitReply> submit(Submission submission) {
    return sharding
        .entityRefFor(InstructionEntity.ENTITY_KEY, submission.instructionId())
        .ask(replyTo -> new InstructionCommand.Submit(submission, replyTo), askTimeout);
  }

  @Override
  public void railCallback(String instructionId) {
    if (InstructionId.isWellFormed(instructionId))
      sharding.entityRefFor(InstructionEntity.ENTITY_KEY, instructionId).tell(new InstructionCommand.RailCallback());
  }

  @Override
  public CompletionStage<Optional<InstructionView>> find(String participantId, String instructionId) {
    if (!InstructionId.isWellFormed(instructionId)) return java.util.concurrent.CompletableFuture.completedFuture(Optional.empty());
    return sharding
        .entityRefFor(InstructionEntity.ENTITY_KEY, instructionId)
        .<GetReply>ask(InstructionCommand.Get::new, askTimeout)
        .thenApply(
            reply ->
                reply instanceof GetReply.Found f && f.instruction().participantId().equals(participantId)
                    ? Optional.of(f.instruction())
                    : Optional.empty());
  }
}
