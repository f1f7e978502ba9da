package org.symphony.edge.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verifies bearer tokens: only ES256 with a known kid (so {@code alg=none} and HS* never pass), typ
 * {@code at+jwt}, the configured issuer and audience, exp/iat/nbf within a small clock skew, a lifetime
 * (exp − iat) no longer than the configured maximum (a token our own key signed for ten years is still
 * refused), and the claims the edge relies on (sub, client_id, role, scope, pv, tv, jti). Thread-safe;
 * pure CPU, no I/O.
 */
public final class TokenVerifier {

  static final String ROLE = "role";
  static final String SCOPE = "scope";
  static final String POLICY_VERSION = "pv";
  static final String TOKEN_VERSION = "tv";
  /** RFC 9068 §2.2. */
  static final String CLIENT_ID = "client_id";

  /** Far above any token we issue; refuses to parse megabytes of attacker input. */
  private static final int MAX_TOKEN_CHARS = 4096;

  private static final Duration MAX_SKEW = Duration.ofMinutes(5);

  /** Most verified tokens remembered; when full the memory is dropped and refilled (bounded, never stale). */
  static final int MAX_REMEMBERED = 10_000;

  private final Map<String, ECDSAVerifier> verifiersByKeyId;
  /**
   * Tokens whose signature and claims already verified, by their exact text. A participant sends the
   * same token with every request for its lifetime, and an ES256 verification costs more CPU than the
   * rest of a submission; expiry is still checked on every use.
   */
  private final ConcurrentHashMap<String, Caller> verified = new ConcurrentHashMap<>();
  private final String issuer;
  private final String audience;
  private final Duration maxLifetime;
  private final Duration clockSkew;
  private final Clock clock;
  /** ES256 signature checks done (the costly part), for tests that count them and for metrics. */
  private final LongAdder signatureChecks = new LongAdder();

  public TokenVerifier(
      List<ECKey> publicKeys, String issuer, String audience, Duration maxLifetime, Duration clockSkew, Clock clock) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.audience = Objects.requireNonNull(audience, "audience");
    this.maxLifetime = Objects.requireNonNull(maxLifetime, "maxLifetime");
    if (maxLifetime.isNegative() || maxLifetime.isZero())
      throw new IllegalArgumentException("max lifetime must be positive: " + maxLifetime);
    this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (clockSkew.isNegative() || clockSkew.compareTo(MAX_SKEW) > 0)
      throw new IllegalArgumentException("clock skew must be in [0, 5 min]: " + clockSkew);
    Map<String, ECDSAVerifier> byKid = new HashMap<>();
    for (ECKey key : publicKeys) {
      if (key.getKeyID() == null) throw new IllegalArgumentException("verification keys need a kid");
      try {
        byKid.put(key.getKeyID(), new ECDSAVerifier(key.toPublicJWK()));
      } catch (JOSEException e) {
        throw new IllegalArgumentException("unusable verification key " + key.getKeyID(), e);
      }
    }
    if (byKid.isEmpty()) throw new IllegalArgumentException("at least one verification key is needed");
    this.verifiersByKeyId = Map.copyOf(byKid);
  }

  public static TokenVerifier forKeys(
      JwtKeys keys, String issuer, String audience, Duration maxLifetime, Duration clockSkew, Clock clock) {
    return new TokenVerifier(List.of(keys.publicJwk()), issuer, audience, maxLifetime, clockSkew, clock);
  }

  /** How many signatures this verifier has checked since it was made. */
  public long signatureChecks() {
    return signatureChecks.sum();
  }

  public TokenCheck verify(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS)
      return new TokenCheck.Invalid("empty or oversized token");
    Caller known = verified.get(token);
    if (known != null) {
      if (clock.instant().isBefore(known.expiresAt().plus(clockSkew))) return new TokenCheck.Valid(known);
      verified.remove(token);
      return new TokenCheck.Expired(known.expiresAt());
    }
    TokenCheck check = verifyFully(token);
    if (check instanceof TokenCheck.Valid v) {
      if (verified.size() >= MAX_REMEMBERED) verified.clear();
      verified.put(token, v.caller());
    }
    return check;
  }

  private TokenCheck verifyFully(String token) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      return new TokenCheck.Invalid("not a JWS: " + e.getMessage());
    }
    JWSHeader header = jwt.getHeader();
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()))
      return new TokenCheck.Invalid("algorithm not accepted: " + header.getAlgorithm());
    if (!TokenIssuer.ACCESS_TOKEN_TYPE.equals(header.getType()))
      return new TokenCheck.Invalid("typ is not at+jwt");
    ECDSAVerifier verifier = header.getKeyID() == null ? null : verifiersByKeyId.get(header.getKeyID());
    if (verifier == null) return new TokenCheck.Invalid("unknown key id");
    signatureChecks.increment();
    try {
      if (!jwt.verify(verifier)) return new TokenCheck.Invalid("bad signature");
    } catch (JOSEException | IllegalStateException e) {
      return new TokenCheck.Invalid("signature not verifiable: " + e.getMessage());
    }
    try {
      return checkClaims(jwt.getJWTClaimsSet(), header.getKeyID());
    } catch (ParseException e) {
      return new TokenCheck.Invalid("claims malformed: " + e.getMessage());
    }
  }

  private TokenCheck checkClaims(JWTClaimsSet claims, String keyId) throws ParseException {
    if (!issuer.equals(claims.getIssuer())) return new TokenCheck.Invalid("wrong issuer");
    List<String> audiences = claims.getAudience();
    if (audiences == null || !audiences.contains(audience)) return new TokenCheck.Invalid("audience missing or foreign");
    Date expiry = claims.getExpirationTime();
    Date issued = claims.getIssueTime();
    if (expiry == null || issued == null) return new TokenCheck.Invalid("exp and iat are required");
    if (Duration.between(issued.toInstant(), expiry.toInstant()).compareTo(maxLifetime.plus(clockSkew)) > 0)
      return new TokenCheck.Invalid("lifetime above the maximum of " + maxLifetime);
    Instant now = clock.instant();
    if (issued.toInstant().isAfter(now.plus(clockSkew))) return new TokenCheck.Invalid("issued in the future");
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && notBefore.toInstant().isAfter(now.plus(clockSkew)))
      return new TokenCheck.Invalid("not valid yet");
    if (!now.isBefore(expiry.toInstant().plus(clockSkew))) return new TokenCheck.Expired(expiry.toInstant());

    String subject = claims.getSubject();
    String tokenId = claims.getJWTID();
    Optional<Role> role = Role.fromClaim(claims.getStringClaim(ROLE));
    String scope = claims.getStringClaim(SCOPE);
    Long policyVersion = claims.getLongClaim(POLICY_VERSION);
    Long tokenVersion = claims.getLongClaim(TOKEN_VERSION);
    String clientId = claims.getStringClaim(CLIENT_ID);
    if (subject == null || subject.isBlank()) return new TokenCheck.Invalid("sub is required");
    if (tokenId == null || tokenId.isBlank()) return new TokenCheck.Invalid("jti is required");
    if (role.isEmpty()) return new TokenCheck.Invalid("role missing or unknown");
    if (scope == null) return new TokenCheck.Invalid("scope is required");
    if (policyVersion == null || policyVersion < 0) return new TokenCheck.Invalid("pv is required");
    if (tokenVersion == null || tokenVersion < 0) return new TokenCheck.Invalid("tv is required");
    if (clientId == null || clientId.isBlank()) return new TokenCheck.Invalid("client_id is required");
    Set<String> scopes = Set.copyOf(Arrays.asList(scope.trim().split("\\s+")));
    return new TokenCheck.Valid(
        new Caller(
            subject, role.get(), scopes, policyVersion, tokenId, expiry.toInstant(), keyId, clientId, tokenVersion));
  }
}
