package org.symphony.engine.instruction;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The engine as the HTTP edge sees it. Implemented over cluster sharding by
 * {@link ShardedInstructionGateway}; stages complete with domain replies, and fail only when the
 * engine could not be reached in time (the edge answers 503 then).
 */
public interface InstructionGateway {

  CompletionStage<SubmitReply> submit(Submission submission);

  /** A rail's callback about an instruction: a hint to ask the rail now; unknown ids are ignored. */
  void railCallback(String instructionId);

  /** The instruction, if it exists and belongs to this participant. */
  CompletionStage<Optional<InstructionView>> find(String participantId, String instructionId);
}
