package org.symphony.edge;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.symphony.edge.auth.ApiClient;
import org.symphony.edge.auth.ClientCredentialsVerifier;

/** Client credentials for tests; can be switched to fail like an unreachable database. */
public final class InMemoryCredentials implements ClientCredentialsVerifier {

  private record Entry(String secret, ApiClient client) {}

  private final Map<String, Entry> clients = new ConcurrentHashMap<>();
  private volatile Supplier<CompletionStage<Optional<ApiClient>>> failure = null;

  public InMemoryCredentials add(ApiClient client, String secret) {
    clients.put(client.clientId(), new Entry(secret, client));
    return this;
  }

  public void failWith(RuntimeException error) {
    failure = () -> CompletableFuture.failedFuture(error);
  }

  @Override
  public CompletionStage<Optional<ApiClient>> verify(String clientId, String secret) {
    if (failure != null) return failure.get();
    Entry e = clients.get(clientId);
    return CompletableFuture.completedFuture(
        e != null && e.secret().equals(secret) ? Optional.of(e.client()) : Optional.empty());
  }
}
