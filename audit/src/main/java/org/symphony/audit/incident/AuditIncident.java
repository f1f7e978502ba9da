package org.symphony.audit.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One incident with its lifecycle: detected at {@code detectedAt}, OPEN until a resolution is recorded. The kind is
 * text so that kinds written by newer nodes still read. Absent ids are null.
 */
public record AuditIncident(
    UUID incidentId,
    String reference,
    String kind,
    IncidentStatus status,
    String nodeId,
    String participantId,
    String instructionId,
    UUID attestationId,
    Long sequenceId,
    String detail,
    Instant detectedAt,
    Instant resolvedAt,
    String resolvedBy,
    String resolution) {

  public boolean isOpen() {
    return status == IncidentStatus.OPEN;
  }

  public Optional<IncidentKind> knownKind() {
    return IncidentKind.of(kind);
  }

  /** Time to repair, once resolved. */
  public Optional<Duration> timeToResolve() {
    return resolvedAt == null ? Optional.empty() : Optional.of(Duration.between(detectedAt, resolvedAt));
  }
}
