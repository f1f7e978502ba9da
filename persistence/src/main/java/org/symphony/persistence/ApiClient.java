package org.symphony.persistence;

import java.time.Instant;

/**
 * A registered token-endpoint client. {@code subject} becomes the token's {@code sub}: the participant id for
 * participants, the person's name for operators and supervisors. tokenVersion goes into its tokens; revoking them
 * raises it. The secret hash is deliberately not carried here.
 */
public record ApiClient(String clientId, String subject, ClientRole role, Instant createdAt, long tokenVersion) {
}
