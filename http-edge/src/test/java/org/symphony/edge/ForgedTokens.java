package org.symphony.edge;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.symphony.edge.auth.ApiClient;
import org.symphony.edge.auth.JwtKeys;
import org.symphony.edge.auth.TokenIssuer;

/** Tokens an attacker could present: right shape, wrong key, algorithm or content. */
public final class ForgedTokens {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private ForgedTokens() {}

  /** Signed ES256 by another key that claims the real key's kid. */
  public static String signedByForeignKey(EdgeHarness h, ApiClient client) throws Exception {
    JwtKeys foreign =
        JwtKeys.fromJwk(new ECKeyGenerator(Curve.P_256).keyID(h.keys.keyId()).generate().toJSONString());
    return new TokenIssuer(foreign, h.settings.token().issuer(), h.settings.token().audience(), h.settings.token().ttl(), h.clock)
        .issue(client, 1)
        .accessToken();
  }

  /** A real token whose subject was edited after signing. */
  public static String withEditedSubject(String token, String subject) {
    String[] parts = token.split("\\.");
    String payload = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8);
    String edited = payload.replaceFirst("\"sub\":\"[^\"]*\"", "\"sub\":\"" + subject + "\"");
    return parts[0] + "." + B64.encodeToString(edited.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
  }

  /** The real token's claims, unsigned (alg=none). */
  public static String unsigned(String token, String keyId) {
    String[] parts = token.split("\\.");
    String header = "{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + keyId + "\"}";
    return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
  }

  /** The real token's claims, MACed with HS256 under a guessed secret. */
  public static String hs256(String token, String keyId) throws Exception {
    SignedJWT real = SignedJWT.parse(token);
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).keyID(keyId).build(),
            real.getJWTClaimsSet());
    forged.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
    return forged.serialize();
  }
}
