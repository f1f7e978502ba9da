package org.symphony.audit.attest;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.symphony.audit.chain.AttestationRow;

/**
 * What the edge knows about one request when it attests it (audit/CHAIN.md, "Row"): no payload, only its SHA-256.
 * {@code subject} is the verified token's sub, or "unauthenticated". A REJECTED request carries its problem code and
 * HTTP status; a FORWARDED one carries no problem code. A record with {@code refusals} counts the unauthenticated
 * refusals of one source and window instead of attesting one request (see {@link RefusalTally}).
 */
public record IngressRecord(
    Instant receivedAt,
    String subject,
    String keyId,
    String requestId,
    String idempotencyKey,
    String method,
    String path,
    String bodySha256,
    AttestationRow.Outcome outcome,
    String problemCode,
    Integer httpStatus,
    AttestationRow.Refusals refusals) {

  public static final String UNAUTHENTICATED = "unauthenticated";
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public IngressRecord {
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(outcome, "outcome");
    if (bodySha256 != null && !SHA256_HEX.matcher(bodySha256).matches())
      throw new IllegalArgumentException("bodySha256 must be 64 lower-case hex digits");
    if (outcome == AttestationRow.Outcome.REJECTED && (problemCode == null || httpStatus == null))
      throw new IllegalArgumentException("a REJECTED attestation needs its problem code and HTTP status");
    if (outcome == AttestationRow.Outcome.FORWARDED && problemCode != null)
      throw new IllegalArgumentException("a FORWARDED attestation has no problem code");
    if (httpStatus != null && (httpStatus < 100 || httpStatus > 599))
      throw new IllegalArgumentException("httpStatus out of range: " + httpStatus);
    if (refusals != null && (outcome != AttestationRow.Outcome.REJECTED || !UNAUTHENTICATED.equals(subject)))
      throw new IllegalArgumentException("only unauthenticated refusals are counted");
    if (refusals != null && (refusals.count() < 1 || refusals.source() == null))
      throw new IllegalArgumentException("a refusal count is at least 1 and names its source: " + refusals);
  }

  /** A record attesting one request. */
  public IngressRecord(
      Instant receivedAt, String subject, String keyId, String requestId, String idempotencyKey, String method,
      String path, String bodySha256, AttestationRow.Outcome outcome, String problemCode, Integer httpStatus) {
    this(receivedAt, subject, keyId, requestId, idempotencyKey, method, path, bodySha256, outcome, problemCode,
        httpStatus, null);
  }
}
