package org.symphony.node;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.symphony.edge.admin.ClientAdmin;
import org.symphony.persistence.ApiClients;

/** Revocation of a client's tokens: recorded in the database (the truth), then replicated to every node. */
final class NodeClientAdmin implements ClientAdmin {

  private final ApiClients clients;
  private final ClientTokenVersions versions;
  private final Executor blocking;

  NodeClientAdmin(ApiClients clients, ClientTokenVersions versions, Executor blocking) {
    this.clients = clients;
    this.versions = versions;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<Optional<TokensRevoked>> revokeTokens(String clientId, String by, String reason) {
    return CompletableFuture.supplyAsync(() -> clients.revokeTokens(clientId, by, reason), blocking)
        .thenApply(revoked -> revoked.map(r -> {
          versions.publish(r.clientId(), r.tokenVersion());
          return new TokensRevoked(r.clientId(), r.tokenVersion(), r.revokedBy(), r.reason(), r.revokedAt());
        }));
  }
}
