package org.symphony.audit.intervention;

import java.util.concurrent.CompletionStage;
import org.symphony.engine.instruction.ManualResolution;
import org.symphony.engine.instruction.ResolveReply;

/** Has the instruction's own entity journal a four-eyes resolution (the node implements it over sharding). */
public interface InstructionResolver {

  CompletionStage<ResolveReply> resolve(
      String instructionId, ManualResolution resolution, String railReference, String proposedBy, String approvedBy,
      String reason, String evidence);
}
