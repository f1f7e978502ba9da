package org.symphony.edge.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/**
 * Signs access tokens (ES256, header typ {@code at+jwt} and kid). Claims: iss, aud, sub, client_id,
 * role, scope, pv (policy version), tv (the client's token version), iat, exp, jti. Thread-safe.
 */
public final class TokenIssuer {

  public static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

  private final JwtKeys keys;
  private final ECDSASigner signer;
  private final String issuer;
  private final String audience;
  private final Duration ttl;
  private final Clock clock;

  public TokenIssuer(JwtKeys keys, String issuer, String audience, Duration ttl, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.audience = Objects.requireNonNull(audience, "audience");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(1)) > 0)
      throw new IllegalArgumentException("token ttl must be in (0, 1 day]: " + ttl);
    try {
      this.signer = new ECDSASigner(keys.signingJwk());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable signing key", e);
    }
  }

  public IssuedToken issue(ApiClient client, long policyVersion) {
    Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = issuedAt.plus(ttl);
    String tokenId = UUID.randomUUID().toString();
    String scope = String.join(" ", client.role().scopes());
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject(client.subject())
            .claim(TokenVerifier.CLIENT_ID, client.clientId())
            .claim(TokenVerifier.ROLE, client.role().claim())
            .claim(TokenVerifier.SCOPE, scope)
            .claim(TokenVerifier.POLICY_VERSION, policyVersion)
            .claim(TokenVerifier.TOKEN_VERSION, client.tokenVersion())
            .issueTime(Date.from(issuedAt))
            .expirationTime(Date.from(expiresAt))
            .jwtID(tokenId)
            .build();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256).type(ACCESS_TOKEN_TYPE).keyID(keys.keyId()).build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("ES256 signing failed", e);
    }
    return new IssuedToken(jwt.serialize(), tokenId, scope, expiresAt, ttl.toSeconds());
  }
}
