package org.symphony.audit.supervision;

import java.time.Instant;
import java.util.List;
import org.symphony.audit.incident.AuditIncident;
import org.symphony.audit.intervention.Proposal;

/**
 * An incident with its evidence chain, for a supervisor: the attestation row and its place in the chain, the
 * sequence id, the instruction's events as journaled, the rail attempts with the rail's answers, what the
 * reconciliation worker observed and did, the four-eyes steps, and what a supervisor must do. Absent parts are null.
 */
public record IncidentReport(
    AuditIncident incident,
    String failureMode,
    AttestationEvidence attestation,
    Long sequenceId,
    InstructionEvidence instruction,
    List<EventLine> events,
    List<RailAttempt> railAttempts,
    List<String> observed,
    List<String> actions,
    List<InterventionStep> interventionSteps,
    String supervisorAction) {

  public record AttestationEvidence(
      String attestationId, String nodeId, long nodeSeq, Instant receivedAt, String requestId, String idempotencyKey,
      String bodySha256, String outcome, String prevHash, String hash) {}

  public record InstructionEvidence(
      String instructionId, String status, String code, String railId, String railKey, String railReference,
      long amountMinor, String currency) {}

  /** One journaled event: its sequence number in the instruction's journal, type, time and fields. */
  public record EventLine(long seqNr, String type, Instant at, String detail) {}

  /** One dispatch attempt and what the rail answered to it (null while unanswered). */
  public record RailAttempt(int attempt, String railId, String railKey, Instant startedAt, String answer) {}

  /** A proposal and its decision (decision fields null while pending). */
  public record InterventionStep(Proposal proposal, String decision, String decidedBy, Instant decidedAt) {}
}
