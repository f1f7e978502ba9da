package org.symphony.engine.instruction;

import java.time.Instant;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.serialization.CborSerializable;

/**
 * One state type per lifecycle stage. Each transition method returns the next state and asserts that
 * the event may happen here, so an impossible event in the journal fails loudly on replay.
 */
public sealed interface InstructionState extends CborSerializable {

  InstructionStatus status();

  /** The entity has no events yet. */
  record Empty() implements InstructionState {
    public InstructionStatus status() {
      throw new IllegalStateException("an empty instruction has no status");
    }

    Pending accept(Terms terms) {
      return new Pending(terms);
    }

    Rejected reject(Terms terms, String code, String detail) {
      return new Rejected(terms, code, detail, terms.acceptedAt());
    }
  }

  /** States of an instruction that exists. */
  sealed interface Known extends InstructionState {
    Terms terms();

    default InstructionView view() {
      return Views.of(this);
    }
  }

  /** Non-terminal states: the engine still owes this instruction an outcome. */
  sealed interface Open extends Known {
    Failed fail(String code, String detail, Instant at);
  }

  record Pending(Terms terms) implements Open {
    public InstructionStatus status() {
      return InstructionStatus.PENDING;
    }

    InFlight start(int attempt, String railId, RailKey railKey, Instant at) {
      return new InFlight(terms, new Dispatch(railId, railKey, attempt), at);
    }

    public Failed fail(String code, String detail, Instant at) {
      return new Failed(terms, null, code, detail, at);
    }
  }

  /** Which rail, under which key, how many times asked. */
  record Dispatch(String railId, RailKey railKey, int attempt) implements CborSerializable {
    Dispatch next() {
      return new Dispatch(railId, railKey, attempt + 1);
    }
  }

  /** Sent to the rail (or about to be); waiting for its final answer. */
  record InFlight(Terms terms, Dispatch dispatch, Instant since) implements Open {
    public InstructionStatus status() {
      return InstructionStatus.IN_FLIGHT;
    }

    Recovering uncertain(String reason, Instant at) {
      return new Recovering(terms, dispatch, reason, at);
    }

    Succeeded succeed(String railReference, Instant at) {
      return new Succeeded(terms, dispatch, railReference, at);
    }

    public Failed fail(String code, String detail, Instant at) {
      return new Failed(terms, dispatch, code, detail, at);
    }

    OutcomeUnknown unknown(String reason, Instant at) {
      return new OutcomeUnknown(terms, dispatch, reason, at);
    }
  }

  /** The rail's answer was lost or ambiguous; resolving by status query before any new attempt. */
  record Recovering(Terms terms, Dispatch dispatch, String reason, Instant since) implements Open {
    public InstructionStatus status() {
      return InstructionStatus.RECOVERING;
    }

    InFlight confirmed(Instant at) {
      return new InFlight(terms, dispatch, at);
    }

    InFlight retry(int attempt, Instant at) {
      if (attempt != dispatch.attempt() + 1)
        throw new IllegalStateException("attempt " + attempt + " does not follow " + dispatch.attempt());
      return new InFlight(terms, dispatch.next(), at);
    }

    Succeeded succeed(String railReference, Instant at) {
      return new Succeeded(terms, dispatch, railReference, at);
    }

    public Failed fail(String code, String detail, Instant at) {
      return new Failed(terms, dispatch, code, detail, at);
    }

    OutcomeUnknown unknown(String reason, Instant at) {
      return new OutcomeUnknown(terms, dispatch, reason, at);
    }
  }

  /**
   * No final answer from the rail within the TTL. Not terminal and never assumed failed: the reservation
   * stays and an operator resolves it (later issue) after checking with the rail.
   */
  record OutcomeUnknown(Terms terms, Dispatch dispatch, String reason, Instant at) implements Known {
    public InstructionStatus status() {
      return InstructionStatus.UNKNOWN_OUTCOME;
    }

    /** Two operators decided: the rail executed it (with its reference) or it did not. */
    Terminal resolve(InstructionEvent.ResolvedByOperators e) {
      if (e.proposedBy().equals(e.approvedBy())) throw new IllegalStateException("four eyes: proposer approved " + e);
      return e.resolution() == ManualResolution.SUCCEEDED
          ? new Succeeded(terms, dispatch, e.railReference(), e.at())
          : new Failed(terms, dispatch, "RESOLVED_FAILED", "operators " + e.proposedBy() + " and " + e.approvedBy() + ": " + e.reason(), e.at());
    }
  }

  /** Terminal states never change. */
  sealed interface Terminal extends Known {
    Instant at();
  }

  record Succeeded(Terms terms, Dispatch dispatch, String railReference, Instant at) implements Terminal {
    public InstructionStatus status() {
      return InstructionStatus.SUCCEEDED;
    }
  }

  record Failed(Terms terms, Dispatch dispatch, String code, String detail, Instant at) implements Terminal {
    public InstructionStatus status() {
      return InstructionStatus.FAILED;
    }
  }

  record Rejected(Terms terms, String code, String detail, Instant at) implements Terminal {
    public InstructionStatus status() {
      return InstructionStatus.REJECTED;
    }
  }
}
