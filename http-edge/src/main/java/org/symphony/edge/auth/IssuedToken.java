package org.symphony.edge.auth;

import java.time.Instant;

/** A signed access token and when it stops being accepted. */
public record IssuedToken(String accessToken, String tokenId, String scope, Instant expiresAt, long expiresInSeconds) {}
