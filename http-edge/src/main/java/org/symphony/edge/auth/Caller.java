package org.symphony.edge.auth;

import java.time.Instant;
import java.util.Set;

/**
 * The identity a verified bearer token proves. subject is the participant id for participants; keyId
 * names the key that signed the token (recorded in the ingress attestation); clientId and tokenVersion
 * let a revocation of the client's tokens refuse this one.
 */
public record Caller(
    String subject,
    Role role,
    Set<String> scopes,
    long policyVersion,
    String tokenId,
    Instant expiresAt,
    String keyId,
    String clientId,
    long tokenVersion) {

  public Caller {
    scopes = Set.copyOf(scopes);
  }

  public boolean may(Role required, String scope) {
    return role == required && scopes.contains(scope);
  }
}
