package org.symphony.audit.attest;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What became of a FORWARDED attestation (a row of {@code attestation_outcome}): the instruction it became, if any,
 * and the answer the participant got. A forwarded attestation without one after the grace period is a gap (INV-GAP).
 */
public record AttestationOutcome(
    UUID attestationId, String instructionId, String outcome, int httpStatus, Instant recordedAt) {

  /** The caller was told 503 (attestation timed out or failed) but the row committed anyway: nothing was forwarded. */
  public static final String NOT_FORWARDED = "NOT_FORWARDED";

  public AttestationOutcome {
    Objects.requireNonNull(attestationId, "attestationId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(recordedAt, "recordedAt");
    if (outcome.isBlank()) throw new IllegalArgumentException("outcome must not be blank");
    if (httpStatus < 100 || httpStatus > 599) throw new IllegalArgumentException("httpStatus out of range: " + httpStatus);
  }
}
