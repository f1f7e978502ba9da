package org.symphony.rails.airtel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Airtel's "message signing", for merchants who have it enabled on their Airtel account: each disbursement
 * request carries {@code x-signature} (the JSON payload encrypted with a fresh random AES-256 key and IV,
 * AES/CBC/PKCS5Padding, base64) and {@code x-key} (the text {@code base64(key):base64(iv)} encrypted with
 * Airtel's RSA public key, base64). Airtel decrypts both and answers DP00900001016 ("x-signature and payload
 * did not match") when they disagree.
 *
 * <p>Source: Airtel Africa developer portal, "Message signing" (https://developers.airtel.africa, under
 * Getting started): a random 256-bit AES key and 128-bit IV, the payload AES-CBC-encrypted into x-signature,
 * {@code key:iv} RSA-encrypted with the public key from the portal into x-key; the code table lists
 * DP00900001016 "Forbidden: x-signature and payload did not match". Public client code (e.g. the 121
 * platform's Airtel integration) does the same. The RSA padding used here is PKCS#1 v1.5
 * ({@code RSA/ECB/PKCS1Padding}, what public Airtel clients use for the PIN); the copies we could read do not
 * pin it down, so confirm it against the target country's portal before enabling signing in production.
 *
 * @param enabled whether requests are signed at all
 * @param publicKey Airtel's RSA public key; present when enabled
 */
public record AirtelMessageSigning(boolean enabled, Optional<PublicKey> publicKey) {

  public static final String SIGNATURE_HEADER = "x-signature";
  public static final String KEY_HEADER = "x-key";

  private static final String AES = "AES/CBC/PKCS5Padding";
  private static final String RSA = "RSA/ECB/PKCS1Padding";
  private static final int AES_KEY_BYTES = 32;
  private static final int IV_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The two headers of one signed request. */
  public record Headers(String signature, String key) {}

  public AirtelMessageSigning {
    Objects.requireNonNull(publicKey, "publicKey");
    if (enabled && publicKey.isEmpty()) throw new IllegalArgumentException("signing is enabled but no public key is set");
    publicKey.ifPresent(k -> {
      if (!"RSA".equals(k.getAlgorithm())) throw new IllegalArgumentException("Airtel's signing key must be RSA");
    });
  }

  public static AirtelMessageSigning off() {
    return new AirtelMessageSigning(false, Optional.empty());
  }

  public static AirtelMessageSigning with(PublicKey airtelPublicKey) {
    return new AirtelMessageSigning(true, Optional.of(airtelPublicKey));
  }

  /**
   * From configuration: {@code publicKey} is a PEM block, the bare base64 key Airtel's portal shows, or the
   * path of a file holding either. Ignored (may be "") when signing is off.
   */
  public static AirtelMessageSigning fromConfig(boolean enabled, String publicKey) {
    return enabled ? with(parsePublicKey(publicKey)) : off();
  }

  /** The headers for this exact body; a fresh AES key and IV every time. */
  public Headers sign(byte[] payload) {
    PublicKey rsaKey = publicKey.orElseThrow(() -> new IllegalStateException("signing is off"));
    byte[] aesKey = new byte[AES_KEY_BYTES];
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(aesKey);
    RANDOM.nextBytes(iv);
    Base64.Encoder b64 = Base64.getEncoder();
    try {
      Cipher aes = Cipher.getInstance(AES);
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(iv));
      String signature = b64.encodeToString(aes.doFinal(payload));
      Cipher rsa = Cipher.getInstance(RSA);
      rsa.init(Cipher.ENCRYPT_MODE, rsaKey);
      byte[] keyAndIv = (b64.encodeToString(aesKey) + ":" + b64.encodeToString(iv)).getBytes(StandardCharsets.US_ASCII);
      return new Headers(signature, b64.encodeToString(rsa.doFinal(keyAndIv)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/RSA are part of every Java runtime; this key cannot sign", e);
    }
  }

  static PublicKey parsePublicKey(String text) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("signing.public-key must be set");
    String trimmed = text.trim();
    if (!trimmed.startsWith("-----BEGIN") && !looksLikeBase64(trimmed)) trimmed = readFile(trimmed);
    String base64 = trimmed.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalArgumentException("signing.public-key is not an RSA public key (X.509 SubjectPublicKeyInfo)", e);
    }
  }

  private static boolean looksLikeBase64(String text) {
    return text.replaceAll("\\s", "").matches("^[A-Za-z0-9+/]+={0,2}$") && text.length() > 64;
  }

  private static String readFile(String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.US_ASCII).trim();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("signing.public-key is neither a key nor a file path", e);
    }
  }

  /** The key stays out of logs (it is public, but long and useless there). */
  @Override
  public String toString() {
    return enabled ? "AirtelMessageSigning[on]" : "AirtelMessageSigning[off]";
  }
}
