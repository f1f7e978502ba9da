package org.symphony.edge;

import java.io.IOException;
import java.time.Clock;
import org.symphony.edge.auth.JwtKeys;
import org.symphony.edge.auth.TokenIssuer;
import org.symphony.edge.auth.TokenVerifier;

/** The signing key, issuer and verifier of one node, built from {@code symphony.edge.token}. */
public record EdgeTokens(JwtKeys keys, TokenIssuer issuer, TokenVerifier verifier) {

  /** Loads (or creates) the key file; fails at start-up, not at the first request, if it is unusable. */
  public static EdgeTokens load(EdgeSettings settings, Clock clock) throws IOException {
    EdgeSettings.Token token = settings.token();
    JwtKeys keys = JwtKeys.loadOrCreate(token.keyFile());
    return new EdgeTokens(
        keys,
        new TokenIssuer(keys, token.issuer(), token.audience(), token.ttl(), clock),
        TokenVerifier.forKeys(keys, token.issuer(), token.audience(), token.maxLifetime(), token.clockSkew(), clock));
  }
}
