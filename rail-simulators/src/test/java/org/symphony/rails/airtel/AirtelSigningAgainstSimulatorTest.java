package org.symphony.rails.airtel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.sim.airtel.AirtelMoneySimulator;
import org.symphony.rails.sim.airtel.AirtelSimulatorSettings;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.SimControl;
import org.symphony.rails.testing.Transfers;

/** Airtel message signing end to end: the adapter signs, the simulator holds Airtel's private key and checks. */
class AirtelSigningAgainstSimulatorTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static KeyPair airtel;
  private static KeyPair someoneElse;

  @TempDir Path dataDir;
  private RunningSimulator simulator;
  private SimControl sim;

  @BeforeAll
  static void keys() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    airtel = generator.generateKeyPair();
    someoneElse = generator.generateKeyPair();
  }

  @BeforeEach
  void start() {
    String privateKey = Base64.getEncoder().encodeToString(airtel.getPrivate().getEncoded()); // PKCS#8
    simulator = Await.result(AirtelMoneySimulator.start(testKit.system(),
        AirtelSimulatorSettings.of("127.0.0.1", 0, dataDir, Duration.ZERO).withSigningPrivateKey(privateKey)));
    sim = new SimControl(simulator.baseUrl());
  }

  @AfterEach
  void stop() {
    Await.result(simulator.stop());
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private AirtelMoneyRail rail(AirtelMessageSigning signing) {
    return AirtelMoneyRail.create(testKit.system(),
        AirtelMoneySettings.fromConfig(testKit.system().settings().config())
            .withBaseUrl(simulator.baseUrl())
            .withCallTimeout(Duration.ofSeconds(8))
            .withSigning(signing));
  }

  @Test
  void aSignedDisbursementIsAcceptedAndExecutedOnce() {
    RailTransfer transfer = Transfers.toWallet("+260971234567");

    assertInstanceOf(RailResult.Completed.class,
        Await.result(rail(AirtelMessageSigning.with(airtel.getPublic())).dispatch(transfer)));
    assertEquals(1, sim.executions(transfer.railKey().value()));
  }

  @Test
  void aSignatureAirtelCannotReadIsForbiddenAndDeclined() {
    RailTransfer transfer = Transfers.toWallet("+260971234567");

    RailResult.Declined declined = assertInstanceOf(RailResult.Declined.class,
        Await.result(rail(AirtelMessageSigning.with(someoneElse.getPublic())).dispatch(transfer)));

    assertEquals("DP00900001016", declined.reasonCode());
    assertEquals(0, sim.executions(transfer.railKey().value()));
  }

  @Test
  void anUnsignedDisbursementToAMerchantWithSigningIsForbidden() {
    RailTransfer transfer = Transfers.toWallet("+260971234567");

    RailResult.Declined declined = assertInstanceOf(RailResult.Declined.class,
        Await.result(rail(AirtelMessageSigning.off()).dispatch(transfer)));

    assertEquals("DP00900001016", declined.reasonCode());
    assertEquals(0, sim.executions(transfer.railKey().value()));
  }

  @Test
  void aTamperedPayloadIsForbiddenAndNothingIsExecuted() {
    String id = UUID.randomUUID().toString();
    String signedBody = body(id, "150.00");
    String tamperedBody = body(id, "15000.00");
    AirtelMessageSigning.Headers headers =
        AirtelMessageSigning.with(airtel.getPublic()).sign(signedBody.getBytes(StandardCharsets.UTF_8));

    SimControl.Reply tampered = sim.post("/standard/v2/disbursements/", Map.of(
        "Authorization", "Bearer " + token(), "X-Country", "ZM", "X-Currency", "ZMW",
        "Content-Type", "application/json", "x-signature", headers.signature(), "x-key", headers.key()), tamperedBody);

    assertEquals("DP00900001016", tampered.json().path("status").path("response_code").asText(), tampered.body());
    assertEquals(0, sim.executions(id));
    SimControl.Reply genuine = sim.post("/standard/v2/disbursements/", Map.of(
        "Authorization", "Bearer " + token(), "X-Country", "ZM", "X-Currency", "ZMW",
        "Content-Type", "application/json", "x-signature", headers.signature(), "x-key", headers.key()), signedBody);
    assertEquals("DP00900001001", genuine.json().path("status").path("response_code").asText(), genuine.body());
    assertEquals(1, sim.executions(id));
  }

  private static String body(String id, String amount) {
    return "{\"payee\":{\"msisdn\":\"971234567\",\"wallet_type\":\"NORMAL\"},\"reference\":\"INV-1\","
        + "\"pin\":\"ZW5jcnlwdGVkLXBpbg==\",\"transaction\":{\"amount\":" + amount + ",\"id\":\"" + id
        + "\",\"type\":\"B2C\"}}";
  }

  private String token() {
    SimControl.Reply reply = sim.post("/auth/oauth2/token", Map.of("Content-Type", "application/json"),
        "{\"client_id\":\"id\",\"client_secret\":\"secret\",\"grant_type\":\"client_credentials\"}");
    assertEquals(200, reply.status(), reply.body());
    return reply.json().path("access_token").asText();
  }
}
