package org.symphony.audit.incident;

import java.util.Objects;
import java.util.UUID;

/**
 * A detection. dedupKey names the fact detected (e.g. "GHOST:attestation-id"), so that detecting the same fact
 * again finds the incident already open instead of opening another. Absent ids are null.
 */
public record NewIncident(
    IncidentKind kind,
    String dedupKey,
    String nodeId,
    String participantId,
    String instructionId,
    UUID attestationId,
    Long sequenceId,
    String detail) {

  public NewIncident {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(detail, "detail");
  }

  public static String ghostKey(UUID attestationId) {
    return "GHOST:" + attestationId;
  }

  public static String stuckKey(String instructionId, java.time.Instant since) {
    return "STUCK:" + instructionId + ":" + since.toEpochMilli();
  }

  public static String sequenceGapKey(String participantId, long sequenceId) {
    return "SEQ:" + participantId + ":" + sequenceId;
  }

  public static String instructionKey(IncidentKind kind, String instructionId) {
    return kind.name() + ":" + instructionId;
  }
}
