package org.symphony.rails.sim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless access tokens: "expiry.nonce.hmac" under a per-instance secret, so issuing costs no memory
 * and a restarted (or {@link #revokeAll revoked}) simulator rejects old tokens with 401, as the real rails do.
 */
public final class TokenIssuer {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Duration ttl;
  private final AtomicReference<byte[]> secret = new AtomicReference<>(newSecret());

  public TokenIssuer(Duration ttl) {
    this.ttl = ttl;
  }

  public Duration ttl() {
    return ttl;
  }

  public String issue(long nowMs) {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    String payload = (nowMs + ttl.toMillis()) + "." + B64.encodeToString(nonce);
    return payload + "." + B64.encodeToString(mac(secret.get(), payload));
  }

  public boolean isValid(String token, long nowMs) {
    int lastDot = token.lastIndexOf('.');
    int firstDot = token.indexOf('.');
    if (firstDot <= 0 || lastDot == firstDot) return false;
    String payload = token.substring(0, lastDot);
    byte[] expected = mac(secret.get(), payload);
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (!MessageDigest.isEqual(expected, given)) return false;
    try {
      return Long.parseLong(token.substring(0, firstDot)) > nowMs;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Every token issued so far becomes invalid. */
  public void revokeAll() {
    secret.set(newSecret());
  }

  private static byte[] newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  private static byte[] mac(byte[] key, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by the JVM spec", e);
    }
  }
}
