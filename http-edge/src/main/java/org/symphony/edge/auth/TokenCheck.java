package org.symphony.edge.auth;

import java.time.Instant;

/** What {@link TokenVerifier} concluded about a bearer token. */
public sealed interface TokenCheck {

  record Valid(Caller caller) implements TokenCheck {}

  /** Signature, algorithm, issuer, key or claims wrong; reason is for logs, not for clients. */
  record Invalid(String reason) implements TokenCheck {}

  record Expired(Instant expiredAt) implements TokenCheck {}
}
