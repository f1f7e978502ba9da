package org.symphony.audit.chain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of a node's ingress attestation chain, as stored and as hashed (audit/CHAIN.md).
 * receivedAt is kept at microsecond precision, the precision PostgreSQL stores, so that a row read back
 * hashes exactly as it was written. {@code refusals} is null for a row that attests one request, and set on a row
 * that counts the unauthenticated refusals of one source and window.
 */
public record AttestationRow(
    UUID attestationId,
    String nodeId,
    long nodeSeq,
    Instant receivedAt,
    String subject,
    String keyId,
    String requestId,
    String idempotencyKey,
    String method,
    String path,
    String bodySha256,
    Outcome outcome,
    String problemCode,
    Integer httpStatus,
    String prevHash,
    String hash,
    Refusals refusals) {

  public enum Outcome {
    FORWARDED,
    REJECTED
  }

  public AttestationRow {
    Objects.requireNonNull(attestationId, "attestationId");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(prevHash, "prevHash");
    if (nodeSeq < 1) throw new IllegalArgumentException("nodeSeq starts at 1: " + nodeSeq);
    receivedAt = receivedAt.truncatedTo(ChronoUnit.MICROS);
  }

  /** A row attesting one request. */
  public AttestationRow(
      UUID attestationId, String nodeId, long nodeSeq, Instant receivedAt, String subject, String keyId,
      String requestId, String idempotencyKey, String method, String path, String bodySha256, Outcome outcome,
      String problemCode, Integer httpStatus, String prevHash, String hash) {
    this(attestationId, nodeId, nodeSeq, receivedAt, subject, keyId, requestId, idempotencyKey, method, path,
        bodySha256, outcome, problemCode, httpStatus, prevHash, hash, null);
  }

  /**
   * How many unauthenticated requests from one source this row accounts for, refused within one window; {@code source}
   * is the client address, or {@link #OTHER_SOURCES} for those past the per-window cap. Not validated here: the
   * verifier must hash whatever a row holds (the writer's {@code IngressRecord} checks what it writes).
   */
  public record Refusals(long count, String source) {

    public static final String OTHER_SOURCES = "other-sources";
  }
}
