package org.symphony.rails.mtn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.sim.mtn.MtnMomoSimulator;
import org.symphony.rails.sim.mtn.MtnSimulatorSettings;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.SimControl;
import org.symphony.rails.testing.Transfers;

/** The MTN adapter talking real HTTP to the MTN simulator. */
class MtnMomoRailAgainstSimulatorTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir Path dataDir;
  private RunningSimulator simulator;
  private SimControl sim;
  private MtnMomoRail rail;

  @BeforeEach
  void start() {
    simulator = Await.result(MtnMomoSimulator.start(testKit.system(),
        MtnSimulatorSettings.of("127.0.0.1", 0, dataDir, Duration.ofMillis(200))));
    sim = new SimControl(simulator.baseUrl());
    rail = MtnMomoRail.create(testKit.system(), settingsFor(simulator.baseUrl()));
  }

  @AfterEach
  void stop() {
    Await.result(simulator.stop());
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static MtnMomoSettings settingsFor(String baseUrl) {
    return MtnMomoSettings.fromConfig(testKit.system().settings().config())
        .withBaseUrl(baseUrl)
        .withCallTimeout(Duration.ofSeconds(3));
  }

  @Test
  void dispatchIsInProgressThenStatusEventuallyCompleted() {
    RailTransfer transfer = Transfers.good();

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));

    RailResult finalResult =
        Await.until(testKit, () -> rail.status(transfer.railKey()), r -> !(r instanceof RailResult.InProgress));
    RailResult.Completed completed = assertInstanceOf(RailResult.Completed.class, finalResult);
    assertNotNull(completed.railReference(), "MTN's financialTransactionId");
    assertEquals(1, sim.executions(transfer.railKey().value()));
  }

  @Test
  void failingPayeeIsDeclinedWithPayeeNotFound() {
    RailTransfer transfer = Transfers.toWallet(Transfers.FAILING_MSISDN);

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));

    RailResult finalResult =
        Await.until(testKit, () -> rail.status(transfer.railKey()), r -> !(r instanceof RailResult.InProgress));
    RailResult.Declined declined = assertInstanceOf(RailResult.Declined.class, finalResult);
    assertEquals("PAYEE_NOT_FOUND", declined.reasonCode());
  }

  @Test
  void sameRailKeyDispatchedTwiceIsExecutedOnceAndAnsweredFromStatus() {
    sim.setFaults("{\"completionDelayMs\": 0}");
    RailTransfer transfer = Transfers.good();

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));
    RailResult second = Await.result(rail.dispatch(transfer));

    assertInstanceOf(RailResult.Completed.class, second, "a 409 is answered by the status query");
    assertEquals(1, sim.executions(transfer.railKey().value()));
    assertEquals(1, sim.strikes().path("total").asInt());
  }

  @Test
  void secondDispatchWhilePendingIsInProgress() {
    sim.setFaults("{\"completionDelayMs\": 600000}");
    RailTransfer transfer = Transfers.good();

    Await.result(rail.dispatch(transfer));

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));
    assertEquals(1, sim.executions(transfer.railKey().value()));
  }

  @Test
  void concurrentDispatchesOfOneKeyExecuteOnce() {
    RailTransfer transfer = Transfers.good();

    List<CompletableFuture<RailResult>> results = IntStream.range(0, 32)
        .mapToObj(i -> rail.dispatch(transfer).toCompletableFuture())
        .collect(Collectors.toList());

    for (CompletableFuture<RailResult> result : results) {
      RailResult r = Await.result(result);
      assertTrue(r instanceof RailResult.InProgress || r instanceof RailResult.Completed, r.toString());
    }
    assertEquals(1, sim.executions(transfer.railKey().value()));
    assertEquals(1, sim.strikes().path("total").asInt());
  }

  @Test
  void manyConcurrentTransfersAreEachExecutedOnce() {
    List<RailTransfer> transfers = IntStream.range(0, 200).mapToObj(i -> Transfers.good()).collect(Collectors.toList());

    List<CompletableFuture<RailResult>> results = transfers.stream()
        .map(t -> rail.dispatch(t).toCompletableFuture())
        .collect(Collectors.toList());

    results.forEach(r -> assertEquals(new RailResult.InProgress(), Await.result(r)));
    JsonNode strikes = sim.strikes();
    assertEquals(200, strikes.path("total").asInt());
    transfers.forEach(t -> assertEquals(1, strikes.path("references").path(t.railKey().value()).asInt()));
  }

  @Test
  void statusOfUnknownKeyIsNotFound() {
    RailKey neverSent = RailKey.forInstruction("never-dispatched");

    assertEquals(new RailResult.NotFound(), Await.result(rail.status(neverSent)));
    assertEquals(0, sim.executions(neverSent.value()));
  }

  @Test
  void injected5xxIsUnknownAndExecutesNothing() {
    Await.result(rail.status(RailKey.forInstruction("warm-up"))); // caches a token: the fault must hit the POST
    sim.setFaults("{\"failureRate5xx\": 1.0}");
    RailTransfer transfer = Transfers.good();

    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer)));

    assertEquals(0, sim.strikes().path("total").asInt());
  }

  @Test
  void lostReplyAfterExecutionIsUnknownAndStatusLaterShowsCompletedOnce() {
    sim.setFaults("{\"dropResponseAfterExecuteRate\": 1.0, \"completionDelayMs\": 0}");
    RailTransfer transfer = Transfers.good();

    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer)));

    assertInstanceOf(RailResult.Completed.class, Await.result(rail.status(transfer.railKey())));
    assertEquals(1, sim.executions(transfer.railKey().value()));
  }

  @Test
  void replyLaterThanCallTimeoutIsUnknown() {
    sim.setFaults("{\"latencyMs\": 1500}");
    MtnMomoRail impatient =
        MtnMomoRail.create(testKit.system(), settingsFor(simulator.baseUrl()).withCallTimeout(Duration.ofMillis(300)));

    RailResult result = Await.result(impatient.dispatch(Transfers.good()));

    RailResult.Unknown unknown = assertInstanceOf(RailResult.Unknown.class, result);
    assertTrue(unknown.reason().contains("timeout"), unknown.reason());
  }

  @Test
  void rejectedTokenIsRefreshedOnceAndTheCallSucceeds() {
    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(Transfers.good())));
    sim.revokeTokens(); // the adapter's cached token is now refused with 401

    RailTransfer next = Transfers.good();
    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(next)));
    assertEquals(1, sim.executions(next.railKey().value()));
  }

  /** The payee of {@link Transfers#good()} as MTN's partyId. */
  private static final String GOOD_PARTY_ID = Transfers.GOOD_MSISDN.substring(1);

  /** Makes the simulator answer new transfers to the good payee with {@code code}; returns the message it will send. */
  private String refuseGoodPayeeWith(String code) {
    SimControl.Reply set = sim.post("/sim/admin/refusals", java.util.Map.of(),
        "{\"partyId\":\"" + GOOD_PARTY_ID + "\",\"code\":\"" + code + "\"}");
    assertEquals(200, set.status(), set.body());
    return set.json().path(GOOD_PARTY_ID).path("message").asText();
  }

  /** MtnErrorReason's refusals: a request refused before any transfer, declined at once with MTN's code. */
  @ParameterizedTest
  @ValueSource(strings = {"NOT_ALLOWED", "NOT_ALLOWED_TARGET_ENVIRONMENT", "INVALID_CALLBACK_URL_HOST", "INVALID_CURRENCY",
      "PAYEE_NOT_FOUND", "PAYER_NOT_FOUND", "PAYEE_NOT_ALLOWED_TO_RECEIVE", "NOT_ENOUGH_FUNDS", "PAYER_LIMIT_REACHED"})
  void aDefinitiveRefusalIsDeclinedWithItsCodeAndNothingIsExecuted(String code) {
    String message = refuseGoodPayeeWith(code);
    RailTransfer transfer = Transfers.good();

    assertEquals(new RailResult.Declined(code, message), Await.result(rail.dispatch(transfer)));

    assertEquals(0, sim.executions(transfer.railKey().value()));
  }

  /** Generic or about a transfer's fate: they do not prove nothing was created, so the status query decides. */
  @ParameterizedTest
  @ValueSource(strings = {"INTERNAL_PROCESSING_ERROR", "SERVICE_UNAVAILABLE", "COULD_NOT_PERFORM_TRANSACTION",
      "PAYMENT_NOT_APPROVED", "APPROVAL_REJECTED", "EXPIRED", "TRANSACTION_CANCELED"})
  void aNonDefinitiveErrorIsUnknownAndTheStatusQueryFindsNothing(String code) {
    refuseGoodPayeeWith(code);
    RailTransfer transfer = Transfers.good();

    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer)));

    assertEquals(new RailResult.NotFound(), Await.result(rail.status(transfer.railKey())));
  }

  @Test
  void anAdapterForAnotherEnvironmentIsDeclinedNotAllowedTargetEnvironment() {
    MtnMomoRail sandbox = MtnMomoRail.create(testKit.system(), settingsFor(simulator.baseUrl()).withTargetEnvironment("sandbox"));
    RailTransfer transfer = Transfers.good();

    RailResult.Declined declined = assertInstanceOf(RailResult.Declined.class, Await.result(sandbox.dispatch(transfer)));

    assertEquals("NOT_ALLOWED_TARGET_ENVIRONMENT", declined.reasonCode());
    assertEquals(0, sim.executions(transfer.railKey().value()));
  }

  @Test
  void zmwOnTheSandboxIsDeclinedInvalidCurrency(@TempDir Path sandboxDir) {
    RunningSimulator sandboxSim = Await.result(MtnMomoSimulator.start(testKit.system(),
        MtnSimulatorSettings.of("127.0.0.1", 0, sandboxDir, Duration.ofMillis(200)).withTargetEnvironment("sandbox")));
    try {
      MtnMomoRail sandbox =
          MtnMomoRail.create(testKit.system(), settingsFor(sandboxSim.baseUrl()).withTargetEnvironment("sandbox"));
      RailTransfer transfer = Transfers.good(); // ZMW

      assertEquals(new RailResult.Declined("INVALID_CURRENCY", "Currency not supported."),
          Await.result(sandbox.dispatch(transfer)));
      assertEquals(0, new SimControl(sandboxSim.baseUrl()).executions(transfer.railKey().value()));
    } finally {
      Await.result(sandboxSim.stop());
    }
  }

  @Test
  void aCallbackUrlOnAnUnregisteredHostIsDeclinedInvalidCallbackUrlHost() {
    MtnMomoRail elsewhere = MtnMomoRail.create(testKit.system(),
        settingsFor(simulator.baseUrl()).withCallbackUrl("https://payouts.example.com/v1/callbacks/mtn-momo"));
    RailTransfer transfer = Transfers.good();

    RailResult.Declined declined = assertInstanceOf(RailResult.Declined.class, Await.result(elsewhere.dispatch(transfer)));

    assertEquals("INVALID_CALLBACK_URL_HOST", declined.reasonCode());
    assertEquals(0, sim.executions(transfer.railKey().value()));
  }

  @Test
  void aReferenceWithApostrophesIsSentWithoutThemAndAccepted() {
    RailTransfer good = Transfers.good();
    RailTransfer transfer = new RailTransfer(good.instructionId(), good.railKey(), good.participantId(), good.amount(),
        good.creditor(), "Mwila's rent");

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)), "MTN would answer 400 to an apostrophe");

    assertEquals(1, sim.executions(transfer.railKey().value()));
  }

  @Test
  void unreachableRailIsUnknown() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    MtnMomoRail nowhere = MtnMomoRail.create(testKit.system(), settingsFor("http://127.0.0.1:" + closedPort));

    assertInstanceOf(RailResult.Unknown.class, Await.result(nowhere.dispatch(Transfers.good())));
    assertInstanceOf(RailResult.Unknown.class, Await.result(nowhere.status(RailKey.forInstruction("x"))));
  }
}
