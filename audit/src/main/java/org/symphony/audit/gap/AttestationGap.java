package org.symphony.audit.gap;

import java.time.Instant;
import java.util.UUID;

/** A FORWARDED attestation older than the grace period with no recorded outcome (INV-GAP). */
public record AttestationGap(UUID attestationId, String nodeId, long nodeSeq, String requestId, Instant receivedAt) {}
