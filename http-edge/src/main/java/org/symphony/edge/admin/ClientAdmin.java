package org.symphony.edge.admin;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The operator's hold on API clients. Revoking a client's tokens raises its token version, records who
 * did it, when and why, and replicates the version to every node, so each token issued before is
 * refused (401 TOKEN_REVOKED) within seconds; the client's next token works. Empty: no such client.
 */
public interface ClientAdmin {

  CompletionStage<Optional<TokensRevoked>> revokeTokens(String clientId, String by, String reason);

  /** tokenVersion: the version new tokens carry from now on; older ones are refused. */
  record TokensRevoked(String clientId, long tokenVersion, String revokedBy, String reason, Instant revokedAt) {}
}
