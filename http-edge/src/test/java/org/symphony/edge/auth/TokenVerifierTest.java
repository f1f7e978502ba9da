package org.symphony.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.symphony.edge.MutableClock;

class TokenVerifierTest {

  private static final Instant NOW = Instant.parse("2026-01-15T08:00:00Z");
  private static final Duration TTL = Duration.ofMinutes(15);
  private static final Duration SKEW = Duration.ofSeconds(30);
  private static final ApiClient CLIENT = new ApiClient("client-mfi", "mfi-lusaka-01", Role.PARTICIPANT);

  private final MutableClock clock = new MutableClock(NOW);
  private final JwtKeys keys = JwtKeys.generate();
  private final TokenIssuer issuer = new TokenIssuer(keys, "symphony-sandbox", "symphony-edge", TTL, clock);
  private final TokenVerifier verifier = TokenVerifier.forKeys(keys, "symphony-sandbox", "symphony-edge", TTL, SKEW, clock);

  @Test
  void acceptsItsOwnTokensUpToExpiryPlusSkew() {
    String token = issuer.issue(CLIENT, 1).accessToken();

    clock.advance(TTL.plus(SKEW).minusSeconds(1));
    Caller caller = assertInstanceOf(TokenCheck.Valid.class, verifier.verify(token)).caller();
    assertEquals("mfi-lusaka-01", caller.subject());

    clock.advance(Duration.ofSeconds(1));
    assertEquals(NOW.plus(TTL), assertInstanceOf(TokenCheck.Expired.class, verifier.verify(token)).expiredAt());
  }

  @Test
  void aRememberedTokenDoesNotVouchForAnAlteredOne() {
    String token = issuer.issue(CLIENT, 1).accessToken();
    assertInstanceOf(TokenCheck.Valid.class, verifier.verify(token));
    assertInstanceOf(TokenCheck.Valid.class, verifier.verify(token)); // from memory
    String[] parts = token.split("\\.");
    String otherSubject = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
            .replace("mfi-lusaka-01", "mfi-lusaka-02").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(parts[0] + "." + otherSubject + "." + parts[2]));
  }

  @Test
  void refusesAnotherIssuer() {
    String token = new TokenIssuer(keys, "someone-else", "symphony-edge", TTL, clock).issue(CLIENT, 1).accessToken();

    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(token));
  }

  @Test
  void refusesTokensMissingAClaimOrFromTheFuture() throws Exception {
    assertInstanceOf(TokenCheck.Valid.class, verifier.verify(sign(c -> c, "at+jwt")));
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(sign(c -> c.subject(null), "at+jwt")));
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(sign(c -> c.claim("role", null), "at+jwt")));
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(sign(c -> c.claim("role", "admin"), "at+jwt")));
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(sign(c -> c.claim("scope", null), "at+jwt")));
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(sign(c -> c.claim("pv", null), "at+jwt")));
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(sign(c -> c.claim("pv", "one"), "at+jwt")));
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(sign(c -> c.jwtID(null), "at+jwt")));
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(sign(c -> c.expirationTime(null), "at+jwt")));
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(sign(c -> c.issueTime(null), "at+jwt")));
    assertInstanceOf(
        TokenCheck.Invalid.class, verifier.verify(sign(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(600))), "at+jwt")));
    assertInstanceOf(
        TokenCheck.Invalid.class, verifier.verify(sign(c -> c.issueTime(Date.from(NOW.plusSeconds(600))), "at+jwt")));
  }

  @Test
  void refusesAMissingOrForeignAudience() throws Exception {
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(sign(c -> c.audience((String) null), "at+jwt")));
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(sign(c -> c.audience("another-service"), "at+jwt")));
    assertInstanceOf(
        TokenCheck.Valid.class, verifier.verify(sign(c -> c.audience(java.util.List.of("another-service", "symphony-edge")), "at+jwt")));
  }

  @Test
  void refusesALifetimeAboveTheMaximumEvenFromItsOwnKey() throws Exception {
    Date now = Date.from(NOW);
    assertInstanceOf(TokenCheck.Valid.class,
        verifier.verify(sign(c -> c.issueTime(now).expirationTime(Date.from(NOW.plus(TTL).plus(SKEW))), "at+jwt")));
    assertInstanceOf(TokenCheck.Invalid.class,
        verifier.verify(sign(c -> c.issueTime(now).expirationTime(Date.from(NOW.plus(TTL).plus(SKEW).plusSeconds(1))), "at+jwt")));
    assertInstanceOf(TokenCheck.Invalid.class,
        verifier.verify(sign(c -> c.issueTime(now).expirationTime(Date.from(NOW.plus(Duration.ofDays(3650)))), "at+jwt")));
  }

  @Test
  void refusesTokensWithoutClientIdOrTokenVersion() throws Exception {
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(sign(c -> c.claim("client_id", null), "at+jwt")));
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(sign(c -> c.claim("tv", null), "at+jwt")));
    Caller caller = assertInstanceOf(TokenCheck.Valid.class, verifier.verify(sign(c -> c.claim("tv", 7L), "at+jwt"))).caller();
    assertEquals("client-mfi", caller.clientId());
    assertEquals(7L, caller.tokenVersion());
  }

  @Test
  void refusesOtherTokenTypes() throws Exception {
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(sign(c -> c, "JWT")));
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(sign(c -> c, null)));
  }

  @Test
  void refusesOversizedInput() {
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify("a".repeat(10_000)));
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(""));
    assertInstanceOf(TokenCheck.Invalid.class, verifier.verify(null));
  }

  /** A token signed with the real key from the issuer's usual claims, changed by edit. */
  private String sign(UnaryOperator<JWTClaimsSet.Builder> edit, String type) throws Exception {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder(SignedJWT.parse(issuer.issue(CLIENT, 1).accessToken()).getJWTClaimsSet());
    JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keys.keyId());
    if (type != null) header.type(new JOSEObjectType(type));
    SignedJWT jwt = new SignedJWT(header.build(), edit.apply(claims).build());
    jwt.sign(new ECDSASigner(keys.signingJwk()));
    return jwt.serialize();
  }
}
