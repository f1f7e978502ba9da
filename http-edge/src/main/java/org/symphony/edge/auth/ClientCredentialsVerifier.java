package org.symphony.edge.auth;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Checks a client id and secret (client-credentials grant). The node implements it over the client
 * table; a JDBC implementation runs on its own dispatcher and returns the stage without blocking the
 * caller. Implementations store only secret hashes and compare in constant time, and answer "unknown
 * client" and "wrong secret" alike (empty). A failed stage means "could not check" (the edge answers 503).
 */
public interface ClientCredentialsVerifier {

  CompletionStage<Optional<ApiClient>> verify(String clientId, String secret);
}
