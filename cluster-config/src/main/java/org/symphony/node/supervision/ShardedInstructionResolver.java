package org.symphony.node.supervision;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.symphony.audit.intervention.InstructionResolver;
import org.symphony.engine.instruction.InstructionCommand;
import org.symphony.engine.instruction.InstructionEntity;
import org.symphony.engine.instruction.InstructionId;
import org.symphony.engine.instruction.ManualResolution;
import org.symphony.engine.instruction.ResolveReply;

/** Four-eyes resolutions delivered to the instruction's own entity, which journals them. */
public final class ShardedInstructionResolver implements InstructionResolver {

  private final ClusterSharding sharding;
  private final Duration askTimeout;

  public ShardedInstructionResolver(ActorSystem<?> system, Duration askTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
  }

  @Override
  public CompletionStage<ResolveReply> resolve(
      String instructionId, ManualResolution resolution, String railReference, String proposedBy, String approvedBy,
      String reason, String evidence) {
    if (!InstructionId.isWellFormed(instructionId))
      return CompletableFuture.completedFuture(new ResolveReply.NotResolvable(null, "no such instruction"));
    return sharding.entityRefFor(InstructionEntity.ENTITY_KEY, instructionId)
        .ask(replyTo -> new InstructionCommand.Resolve(resolution, railReference, proposedBy, approvedBy, reason, evidence, replyTo),
            askTimeout);
  }
}
