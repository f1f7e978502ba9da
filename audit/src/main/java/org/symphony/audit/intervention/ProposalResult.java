package org.symphony.audit.intervention;

/** What became of a proposal. */
public sealed interface ProposalResult {

  record Proposed(Intervention intervention) implements ProposalResult {}

  record NotFound() implements ProposalResult {}

  /** Another proposal waits for its decision; it must be decided first. */
  record AlreadyPending(Intervention intervention) implements ProposalResult {}

  /** The intervention is closed, or the resolution is not one its kind allows. */
  record NotResolvable(String detail) implements ProposalResult {}

  record Invalid(String field, String detail) implements ProposalResult {}
}
