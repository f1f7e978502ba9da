package org.symphony.rails.sim.airtel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Airtel's side of message signing: x-key is {@code base64(aesKey):base64(iv)} RSA-encrypted with Airtel's
 * public key; x-signature is the JSON payload AES-256-CBC-encrypted with that key and IV. The payload matches
 * when the decrypted x-signature is the same JSON as the body received; anything else (missing header, bad
 * base64, a key that does not decrypt, another payload) is DP00900001016 "x-signature and payload did not
 * match". Source: Airtel Africa developer portal, "Message signing" and the disbursement code table.
 */
final class SimSignatureCheck {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RSA = "RSA/ECB/PKCS1Padding";
  private static final String AES = "AES/CBC/PKCS5Padding";
  private static final int AES_KEY_BYTES = 32;
  private static final int IV_BYTES = 16;

  private final PrivateKey privateKey;

  private SimSignatureCheck(PrivateKey privateKey) {
    this.privateKey = privateKey;
  }

  /** Empty when the settings leave signing off. */
  static Optional<SimSignatureCheck> of(AirtelSimulatorSettings settings) {
    String key = settings.signingPrivateKey();
    return key.isBlank() ? Optional.empty() : Optional.of(new SimSignatureCheck(parsePrivateKey(key)));
  }

  /** True when the headers prove this exact payload. */
  boolean matches(Optional<String> signature, Optional<String> key, String body) {
    if (signature.isEmpty() || key.isEmpty()) return false;
    try {
      Base64.Decoder b64 = Base64.getDecoder();
      Cipher rsa = Cipher.getInstance(RSA);
      rsa.init(Cipher.DECRYPT_MODE, privateKey);
      String[] keyAndIv = new String(rsa.doFinal(b64.decode(key.get())), StandardCharsets.US_ASCII).split(":", -1);
      if (keyAndIv.length != 2) return false;
      byte[] aesKey = b64.decode(keyAndIv[0]);
      byte[] iv = b64.decode(keyAndIv[1]);
      if (aesKey.length != AES_KEY_BYTES || iv.length != IV_BYTES) return false;
      Cipher aes = Cipher.getInstance(AES);
      aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(iv));
      String signed = new String(aes.doFinal(b64.decode(signature.get())), StandardCharsets.UTF_8);
      return sameJson(signed, body);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean sameJson(String signed, String body) {
    try {
      JsonNode a = JSON.readTree(signed);
      JsonNode b = JSON.readTree(body);
      return a != null && a.equals(b);
    } catch (IOException e) {
      return false;
    }
  }

  static PrivateKey parsePrivateKey(String text) {
    String base64 = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalArgumentException("signing-private-key is not an RSA private key (PKCS#8)", e);
    }
  }
}
