package org.symphony.node;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.symphony.edge.auth.ApiClient;
import org.symphony.edge.auth.ClientCredentialsVerifier;
import org.symphony.edge.auth.Role;
import org.symphony.persistence.ApiClients;

/**
 * The token endpoint's credential check, over the api_client table, on the endpoint's own small pool
 * (symphony.node.token-dispatcher): a flood of checks never takes the shared blocking pool.
 */
final class ApiClientVerifier implements ClientCredentialsVerifier {

  private final ApiClients clients;
  private final Executor tokenPool;

  ApiClientVerifier(ApiClients clients, Executor tokenPool) {
    this.clients = clients;
    this.tokenPool = tokenPool;
  }

  @Override
  public CompletionStage<Optional<ApiClient>> verify(String clientId, String secret) {
    return CompletableFuture.supplyAsync(
        () ->
            clients
                .verify(clientId, secret)
                .flatMap(
                    c ->
                        Role.fromClaim(c.role().dbValue())
                            .map(role -> new ApiClient(c.clientId(), c.subject(), role, c.tokenVersion()))),
        tokenPool);
  }
}
