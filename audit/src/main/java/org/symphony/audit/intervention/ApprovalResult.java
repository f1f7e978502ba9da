package org.symphony.audit.intervention;

import java.time.Instant;
import org.symphony.audit.incident.IncidentStatus;
import org.symphony.engine.instruction.InstructionStatus;

/** What became of an approval. */
public sealed interface ApprovalResult {

  /** instructionStatus is null for a ghost (there is no instruction). */
  record Approved(
      String reference, IncidentStatus status, String resolution, String proposedBy, String approvedBy,
      InstructionStatus instructionStatus, Instant resolvedAt) implements ApprovalResult {}

  record NotFound() implements ApprovalResult {}

  /** The approver proposed it: a second operator must approve. */
  record SameOperator(String operator) implements ApprovalResult {}

  record NoProposal() implements ApprovalResult {}

  /** Closed already, or the instruction is not in a state the resolution applies to (the proposal is then declined). */
  record NotResolvable(String detail) implements ApprovalResult {}
}
