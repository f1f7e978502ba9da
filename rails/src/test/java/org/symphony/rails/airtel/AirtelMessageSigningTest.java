package org.symphony.rails.airtel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.rail.RailResult;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.Transfers;

/** Airtel message signing: what the adapter puts in x-signature and x-key, and when. */
class AirtelMessageSigningTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static KeyPair airtelKeys;

  private StubAirtelServer stub;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    airtelKeys = generator.generateKeyPair();
  }

  @BeforeEach
  void start() {
    stub = new StubAirtelServer(testKit.system());
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private AirtelMoneyRail rail(AirtelMessageSigning signing) {
    return AirtelMoneyRail.create(testKit.system(), new AirtelMoneySettings(
        stub.baseUrl(), "client-id", "client-secret", "ZW5jcnlwdGVkLXBpbg==", "ZM", "ZMW", Duration.ofSeconds(10),
        signing));
  }

  /** What Airtel does with the headers: RSA-decrypt x-key into key:iv, AES-decrypt x-signature. */
  private static byte[] airtelDecrypts(String signature, String key, PrivateKey privateKey) throws Exception {
    Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    rsa.init(Cipher.DECRYPT_MODE, privateKey);
    String[] keyAndIv = new String(rsa.doFinal(Base64.getDecoder().decode(key)), StandardCharsets.US_ASCII).split(":");
    assertEquals(2, keyAndIv.length, "x-key holds base64(key):base64(iv)");
    byte[] aesKey = Base64.getDecoder().decode(keyAndIv[0]);
    byte[] iv = Base64.getDecoder().decode(keyAndIv[1]);
    assertEquals(32, aesKey.length, "AES-256");
    assertEquals(16, iv.length);
    Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
    aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(iv));
    return aes.doFinal(Base64.getDecoder().decode(signature));
  }

  @Test
  void signedDisbursementCarriesThePayloadEncryptedUnderAKeyOnlyAirtelCanRead() throws Exception {
    assertEquals(new RailResult.InProgress(),
        Await.result(rail(AirtelMessageSigning.with(airtelKeys.getPublic())).dispatch(Transfers.toWallet("+260971234567"))));

    StubAirtelServer.Seen seen = stub.lastDisbursement.get();
    assertArrayEquals(seen.body().getBytes(StandardCharsets.UTF_8),
        airtelDecrypts(seen.signature(), seen.key(), airtelKeys.getPrivate()), "x-signature is exactly the body sent");
  }

  @Test
  void everyRequestGetsAFreshKey() {
    AirtelMoneyRail rail = rail(AirtelMessageSigning.with(airtelKeys.getPublic()));
    Await.result(rail.dispatch(Transfers.toWallet("+260971234567")));
    String firstKey = stub.lastDisbursement.get().key();
    Await.result(rail.dispatch(Transfers.toWallet("+260971234567")));

    assertNotEquals(firstKey, stub.lastDisbursement.get().key());
  }

  @Test
  void signingOffSendsNoSigningHeaders() {
    Await.result(rail(AirtelMessageSigning.off()).dispatch(Transfers.toWallet("+260971234567")));

    assertNull(stub.lastDisbursement.get().signature());
    assertNull(stub.lastDisbursement.get().key());
  }

  @Test
  void enquiriesAreNotSigned() {
    Await.result(rail(AirtelMessageSigning.with(airtelKeys.getPublic())).status(Transfers.toWallet("+260971234567").railKey()));

    assertNull(stub.lastEnquiry.get().signature());
  }

  @Test
  void theKeyIsReadFromPemBareBase64OrAFile(@TempDir Path dir) throws Exception {
    String base64 = Base64.getEncoder().encodeToString(airtelKeys.getPublic().getEncoded());
    String pem = "-----BEGIN PUBLIC KEY-----\n" + base64.replaceAll("(.{64})", "$1\n") + "\n-----END PUBLIC KEY-----\n";
    Path file = Files.writeString(dir.resolve("airtel.pem"), pem);

    for (String configured : new String[] {pem, base64, file.toString()})
      assertEquals(airtelKeys.getPublic(), AirtelMessageSigning.fromConfig(true, configured).publicKey().orElseThrow());
  }

  @Test
  void signingIsOffByDefaultAndABadKeyIsAClearError() {
    AirtelMoneySettings defaults = AirtelMoneySettings.fromConfig(ConfigFactory.empty());
    assertEquals(false, defaults.signing().enabled());

    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> AirtelMoneySettings.fromConfig(
        ConfigFactory.parseMap(Map.of("symphony.rails.airtel.signing.enabled", true))));
    assertTrue(missing.getMessage().contains("public-key"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> AirtelMessageSigning.fromConfig(true, "not a key"));
  }
}
