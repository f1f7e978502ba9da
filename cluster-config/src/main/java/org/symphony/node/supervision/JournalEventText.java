package org.symphony.node.supervision;

import java.time.Instant;
import org.symphony.engine.instruction.InstructionEvent;
import org.symphony.engine.instruction.InstructionEvent.*;

/**
 * Instruction events in words for an incident report. No creditor details (MSISDN, account, names): the report
 * identifies the payment by its ids and amount, as the attestation chain does.
 */
final class JournalEventText {

  private JournalEventText() {}

  static String of(InstructionEvent event) {
    if (event instanceof Accepted e)
      return "accepted with sequence id " + e.terms().sequenceId() + ", amount " + e.terms().amount().amountMinor() + " "
          + e.terms().amount().currency() + " (minor units), attestation " + e.terms().attestationId();
    if (event instanceof Rejected e) return "rejected with sequence id " + e.terms().sequenceId() + ": " + e.code() + " " + e.detail();
    if (event instanceof DispatchStarted e) return "attempt " + e.attempt() + " sent to " + e.railId() + " under rail key " + e.railKey().value();
    if (event instanceof DispatchUncertain e) return "attempt " + e.attempt() + " uncertain: " + e.reason();
    if (event instanceof DispatchConfirmed e) return "attempt " + e.attempt() + " found in progress at the rail";
    if (event instanceof Succeeded e) return "the rail executed it, reference " + e.railReference();
    if (event instanceof Failed e) return e.code() + ": " + e.detail();
    if (event instanceof OutcomeDeclaredUnknown e) return "outcome unknown: " + e.reason();
    if (event instanceof DuplicateReceived e)
      return "duplicate (attestation " + e.attestationId() + ", " + (e.sameBody() ? "same body, replayed" : "other body, refused")
          + ") while " + e.statusAtArrival();
    if (event instanceof ResolvedByOperators e)
      return e.resolution() + " proposed by " + e.proposedBy() + ", approved by " + e.approvedBy() + ": " + e.reason()
          + (e.railReference() == null ? "" : " (rail reference " + e.railReference() + ")") + "; evidence: " + e.evidence();
    return event.getClass().getSimpleName();
  }

  /** What the rail said, when the event records an answer of the rail; null otherwise. */
  static String railAnswer(InstructionEvent event) {
    if (event instanceof DispatchUncertain e) return "no usable answer (" + e.reason() + ")";
    if (event instanceof DispatchConfirmed) return "in progress";
    if (event instanceof Succeeded e) return "executed, reference " + e.railReference();
    if (event instanceof Failed e) return e.code() + ": " + e.detail();
    if (event instanceof OutcomeDeclaredUnknown e) return "no final answer (" + e.reason() + ")";
    return null;
  }

  static Instant at(InstructionEvent event) {
    if (event instanceof Accepted e) return e.terms().acceptedAt();
    if (event instanceof Rejected e) return e.terms().acceptedAt();
    if (event instanceof DispatchStarted e) return e.at();
    if (event instanceof DispatchUncertain e) return e.at();
    if (event instanceof DispatchConfirmed e) return e.at();
    if (event instanceof Succeeded e) return e.at();
    if (event instanceof Failed e) return e.at();
    if (event instanceof OutcomeDeclaredUnknown e) return e.at();
    if (event instanceof DuplicateReceived e) return e.at();
    if (event instanceof ResolvedByOperators e) return e.at();
    return null;
  }
}
