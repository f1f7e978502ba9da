package org.symphony.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtKeysTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T08:00:00Z"), ZoneOffset.UTC);
  private static final ApiClient CLIENT = new ApiClient("client-mfi", "mfi-lusaka-01", Role.PARTICIPANT);

  @TempDir Path dir;

  @Test
  void generatedKeyIsWrittenOwnerOnlyAndSurvivesARestart() throws Exception {
    Path file = dir.resolve("keys/token-key.jwk");

    JwtKeys first = JwtKeys.loadOrCreate(Optional.of(file));
    String token = new TokenIssuer(first, "symphony-sandbox", "symphony-edge", Duration.ofMinutes(15), CLOCK).issue(CLIENT, 1).accessToken();
    JwtKeys afterRestart = JwtKeys.loadOrCreate(Optional.of(file));

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(first.keyId(), afterRestart.keyId());
    assertInstanceOf(
        TokenCheck.Valid.class,
        TokenVerifier.forKeys(afterRestart, "symphony-sandbox", "symphony-edge", Duration.ofMinutes(15), Duration.ofSeconds(30), CLOCK).verify(token));
    try (var leftovers = Files.list(file.getParent())) {
      assertEquals(1, leftovers.count(), "no temporary files are left behind");
    }
  }

  @Test
  void withoutAPathTheKeyLivesInMemory() throws Exception {
    JwtKeys a = JwtKeys.loadOrCreate(Optional.empty());
    JwtKeys b = JwtKeys.loadOrCreate(Optional.empty());

    assertTrue(!a.keyId().equals(b.keyId()));
  }

  @Test
  void pemWithPrivateAndPublicBlocksIsLoaded() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    Path file = dir.resolve("token-key.pem");
    Files.writeString(file, pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded()));

    JwtKeys keys = JwtKeys.load(file);

    assertEquals(keys.publicJwk().computeThumbprint().toString(), keys.keyId());
    String token = new TokenIssuer(keys, "iss", "aud", Duration.ofMinutes(1), CLOCK).issue(CLIENT, 1).accessToken();
    assertInstanceOf(TokenCheck.Valid.class, TokenVerifier.forKeys(keys, "iss", "aud", Duration.ofMinutes(1), Duration.ZERO, CLOCK).verify(token));
  }

  @Test
  void mismatchedPemPairIsRefused() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    Path file = dir.resolve("token-key.pem");
    Files.writeString(
        file,
        pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded())
            + pem("PUBLIC KEY", generator.generateKeyPair().getPublic().getEncoded()));

    assertThrows(IOException.class, () -> JwtKeys.load(file));
  }

  @Test
  void keysOffP256OrWithoutPrivatePartAreRefused() throws Exception {
    Path p384 = dir.resolve("p384.jwk");
    Files.writeString(p384, new ECKeyGenerator(Curve.P_384).generate().toJSONString());
    Path publicOnly = dir.resolve("public.jwk");
    Files.writeString(publicOnly, new ECKeyGenerator(Curve.P_256).keyID("k").generate().toPublicJWK().toJSONString());
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "not a key");

    assertThrows(IOException.class, () -> JwtKeys.load(p384));
    assertThrows(IOException.class, () -> JwtKeys.load(publicOnly));
    assertThrows(IOException.class, () -> JwtKeys.load(garbage));
  }

  @Test
  void anExistingUnreadableFileIsNeverOverwritten() throws Exception {
    Path file = dir.resolve("token-key.jwk");
    Files.writeString(file, "{ broken");

    assertThrows(IOException.class, () -> JwtKeys.loadOrCreate(Optional.of(file)));
    assertEquals("{ broken", Files.readString(file));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
