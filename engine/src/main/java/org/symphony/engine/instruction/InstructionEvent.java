package org.symphony.engine.instruction;

import java.time.Instant;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.serialization.CborSerializable;

/** Facts about one instruction, in the order they happened. Past tense; never edited. */
public sealed interface InstructionEvent extends CborSerializable {

  /** Sequenced and within policy: the instruction exists and will be dispatched (PENDING). */
  record Accepted(Terms terms) implements InstructionEvent {}

  /** Sequenced but refused by policy (REJECTED, terminal). The sequence id is consumed all the same. */
  record Rejected(Terms terms, String code, String detail) implements InstructionEvent {}

  /** Journaled before the rail is called, so a crash after this point is resolved by asking the rail. */
  record DispatchStarted(int attempt, String railId, RailKey railKey, Instant at) implements InstructionEvent {}

  /** The rail gave no usable answer; the outcome must be resolved by a status query (RECOVERING). */
  record DispatchUncertain(int attempt, String reason, Instant at) implements InstructionEvent {}

  /** A status query found the transfer in progress at the rail: back to waiting (IN_FLIGHT). */
  record DispatchConfirmed(int attempt, Instant at) implements InstructionEvent {}

  record Succeeded(String railReference, Instant at) implements InstructionEvent {}

  /**
   * The rail gave no final answer within the outcome TTL: the instruction waits for an operator
   * (UNKNOWN_OUTCOME). Never assumed failed: the reservation stays, nothing is released.
   */
  record OutcomeDeclaredUnknown(String reason, Instant at) implements InstructionEvent {}

  /**
   * A request with the same Idempotency-Key arrived again (linked to its own attestation). sameBody:
   * replayed; otherwise refused as a reused key. Changes nothing; recorded so every duplicate is accounted for.
   */
  record DuplicateReceived(String attestationId, boolean sameBody, InstructionStatus statusAtArrival, Instant at)
      implements InstructionEvent {}

  record Failed(String code, String detail, Instant at) implements InstructionEvent {}

  /**
   * Two different operators decided the outcome (proposed by one, approved by the other), with the evidence
   * they relied on. From UNKNOWN_OUTCOME it is the terminal state; on a dead-lettered FAILED it confirms it.
   */
  record ResolvedByOperators(
      ManualResolution resolution,
      String railReference,
      String proposedBy,
      String approvedBy,
      String reason,
      String evidence,
      Instant at)
      implements InstructionEvent {}
}
