package org.symphony.persistence;

import java.time.Instant;

/** A recorded revocation of a client's tokens: tokens below tokenVersion are refused from revokedAt on. */
public record TokenRevocation(String clientId, long tokenVersion, String revokedBy, String reason, Instant revokedAt) {
}
