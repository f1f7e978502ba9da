package org.symphony.audit.reconcile;

import java.time.Instant;
import java.util.UUID;

/** A forwarded attestation with no outcome past the grace, not yet accounted for. idempotencyKey may be null. */
public record OpenAttestation(
    UUID attestationId, String nodeId, long nodeSeq, String participantId, String idempotencyKey, String requestId,
    Instant receivedAt) {}
