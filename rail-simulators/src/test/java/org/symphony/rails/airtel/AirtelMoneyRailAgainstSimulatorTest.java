package org.symphony.rails.airtel;

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
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.sim.airtel.AirtelMoneySimulator;
import org.symphony.rails.sim.airtel.AirtelSimulatorSettings;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.SimControl;
import org.symphony.rails.testing.Transfers;

/** The Airtel adapter talking real HTTP to the Airtel simulator. */
class AirtelMoneyRailAgainstSimulatorTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  static final String GOOD_MSISDN = "+260971234567";
  /** The simulator treats payees whose number ends with "0000" as unregistered (DP00900001012). */
  static final String FAILING_MSISDN = "+260970000000";

  @TempDir Path dataDir;
  private RunningSimulator simulator;
  private SimControl sim;
  private AirtelMoneyRail rail;

  @BeforeEach
  void start() {
    simulator = Await.result(AirtelMoneySimulator.start(testKit.system(),
        AirtelSimulatorSettings.of("127.0.0.1", 0, dataDir,
            // Long enough that a dispatch is answered before completion even on a loaded machine; well inside the
            // 10 s that tests waiting for completion poll.
            Duration.ofSeconds(2))));
    sim = new SimControl(simulator.baseUrl());
    rail = AirtelMoneyRail.create(testKit.system(), settingsFor(simulator.baseUrl()));
  }

  @AfterEach
  void stop() {
    Await.result(simulator.stop());
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static AirtelMoneySettings settingsFor(String baseUrl) {
    return AirtelMoneySettings.fromConfig(testKit.system().settings().config())
        .withBaseUrl(baseUrl)
        .withCallTimeout(Duration.ofSeconds(8)); // 200 concurrent calls on a loaded 2-core machine
  }

  private static RailTransfer good() {
    return Transfers.toWallet(GOOD_MSISDN);
  }

  /** Fetches and caches a token, so that injected faults hit the call under test, not the token endpoint. */
  private void warmUp() {
    assertEquals(new RailResult.NotFound(), Await.result(rail.status(RailKey.forInstruction("warm-up"))));
  }

  private RailResult finalStatus(RailTransfer transfer) {
    return Await.until(testKit, () -> rail.status(transfer.railKey()), r -> !(r instanceof RailResult.InProgress));
  }

  @Test
  void dispatchIsInProgressThenStatusEventuallyCompleted() {
    RailTransfer transfer = good();

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));

    RailResult.Completed completed = assertInstanceOf(RailResult.Completed.class, finalStatus(transfer));
    assertNotNull(completed.railReference(), "Airtel's airtel_money_id");
    assertEquals(1, sim.executions(transfer.railKey().value()));
  }

  @Test
  void immediateSuccessIsCompletedAtDispatchWithTheSameIdAsTheEnquiry() {
    sim.setFaults("{\"completionDelayMs\": 0}");
    RailTransfer transfer = good();

    RailResult.Completed dispatched = assertInstanceOf(RailResult.Completed.class, Await.result(rail.dispatch(transfer)));

    assertEquals(dispatched, Await.result(rail.status(transfer.railKey())));
  }

  @Test
  void failingPayeeIsDeclinedWithInvalidMobileNumber() {
    RailTransfer transfer = Transfers.toWallet(FAILING_MSISDN);

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));

    RailResult.Declined declined = assertInstanceOf(RailResult.Declined.class, finalStatus(transfer));
    assertEquals(AirtelResponseCode.INVALID_MOBILE_NUMBER.code(), declined.reasonCode());
    assertEquals("DP00900001012", declined.reasonCode());
  }

  @Test
  void failingPayeeWithoutDelayIsDeclinedAtDispatch() {
    sim.setFaults("{\"completionDelayMs\": 0}");

    RailResult.Declined declined =
        assertInstanceOf(RailResult.Declined.class, Await.result(rail.dispatch(Transfers.toWallet(FAILING_MSISDN))));

    assertEquals("DP00900001012", declined.reasonCode());
  }

  @Test
  void enquiryWhileTipIsInProgress() {
    sim.setFaults("{\"completionDelayMs\": 600000}");
    RailTransfer transfer = good();
    Await.result(rail.dispatch(transfer));

    assertEquals(new RailResult.InProgress(), Await.result(rail.status(transfer.railKey())));
  }

  @Test
  void duplicateTransactionIdIsResolvedByEnquiryAndExecutedOnce() {
    sim.setFaults("{\"completionDelayMs\": 0}");
    RailTransfer transfer = good();

    RailResult first = Await.result(rail.dispatch(transfer));
    RailResult second = Await.result(rail.dispatch(transfer));

    assertInstanceOf(RailResult.Completed.class, first);
    assertEquals(first, second, "the duplicate is answered by the enquiry: same airtel_money_id");
    assertEquals(1, sim.executions(transfer.railKey().value()));
    assertEquals(1, sim.strikes().path("total").asInt());
  }

  @Test
  void duplicateOfADeclinedTransferIsStillDeclined() {
    sim.setFaults("{\"completionDelayMs\": 0}");
    RailTransfer transfer = Transfers.toWallet(FAILING_MSISDN);
    Await.result(rail.dispatch(transfer));

    RailResult.Declined again = assertInstanceOf(RailResult.Declined.class, Await.result(rail.dispatch(transfer)));

    assertEquals("DP00900001012", again.reasonCode());
    assertEquals(1, sim.executions(transfer.railKey().value()));
  }

  @Test
  void duplicateWhilePendingIsInProgress() {
    sim.setFaults("{\"completionDelayMs\": 600000}");
    RailTransfer transfer = good();
    Await.result(rail.dispatch(transfer));

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));
    assertEquals(1, sim.executions(transfer.railKey().value()));
  }

  @Test
  void duplicateAnsweredWithA4xxIsReadFromItsCode() {
    RunningSimulator strict = Await.result(AirtelMoneySimulator.start(testKit.system(),
        AirtelSimulatorSettings.of("127.0.0.1", 0, dataDir.resolve("strict"), Duration.ZERO).withDuplicateHttpStatus(409)));
    try {
      AirtelMoneyRail strictRail = AirtelMoneyRail.create(testKit.system(), settingsFor(strict.baseUrl()));
      RailTransfer transfer = good();

      RailResult first = Await.result(strictRail.dispatch(transfer));
      assertEquals(first, Await.result(strictRail.dispatch(transfer)));
      assertEquals(1, new SimControl(strict.baseUrl()).executions(transfer.railKey().value()));
    } finally {
      Await.result(strict.stop());
    }
  }

  @Test
  void concurrentDispatchesOfOneIdExecuteOnce() {
    RailTransfer transfer = good();

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
    // Not completed before they are answered, however slow a loaded machine makes the 200 calls.
    sim.setFaults("{\"completionDelayMs\": 600000}");
    List<RailTransfer> transfers = IntStream.range(0, 200).mapToObj(i -> good()).collect(Collectors.toList());

    List<CompletableFuture<RailResult>> results = transfers.stream()
        .map(t -> rail.dispatch(t).toCompletableFuture())
        .collect(Collectors.toList());

    results.forEach(r -> assertEquals(new RailResult.InProgress(), Await.result(r)));
    JsonNode strikes = sim.strikes();
    assertEquals(200, strikes.path("total").asInt());
    transfers.forEach(t -> assertEquals(1, strikes.path("references").path(t.railKey().value()).asInt()));
  }

  @Test
  void statusOfAnUnknownIdIsNotFound() {
    RailKey neverSent = RailKey.forInstruction("never-dispatched");

    assertEquals(new RailResult.NotFound(), Await.result(rail.status(neverSent)));
    assertEquals(0, sim.executions(neverSent.value()));
  }

  @Test
  void injected5xxIsUnknownAndExecutesNothing() {
    warmUp();
    sim.setFaults("{\"failureRate5xx\": 1.0}");
    RailTransfer transfer = good();

    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer)));

    assertEquals(0, sim.strikes().path("total").asInt());
    sim.setFaults("{\"failureRate5xx\": 0}");
    assertEquals(new RailResult.NotFound(), Await.result(rail.status(transfer.railKey())), "nothing to find");
  }

  @Test
  void lostReplyAfterExecutionIsUnknownAndStatusLaterShowsCompletedOnce() {
    sim.setFaults("{\"dropResponseAfterExecuteRate\": 1.0, \"completionDelayMs\": 0}");
    RailTransfer transfer = good();

    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer)));

    assertInstanceOf(RailResult.Completed.class, Await.result(rail.status(transfer.railKey())));
    assertEquals(1, sim.executions(transfer.railKey().value()));
  }

  @Test
  void ambiguousSuccessFalseIsUnknownAndTheEnquiryTellsTheTruth() {
    sim.setFaults("{\"ambiguousAfterExecuteRate\": 1.0, \"completionDelayMs\": 0}");
    RailTransfer transfer = good();

    RailResult.Unknown unknown = assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer)));
    assertTrue(unknown.reason().contains("DP00900001000"), unknown.reason());

    RailResult truth = Await.result(rail.status(transfer.railKey()));
    assertInstanceOf(RailResult.Completed.class, truth, "it was executed after all");
    assertEquals(truth, Await.result(rail.dispatch(transfer)), "a retry is a duplicate, answered by the enquiry");
    assertEquals(1, sim.executions(transfer.railKey().value()));
  }

  @Test
  void malformedRepliesAreUnknownNeverAnException() {
    warmUp();
    sim.setFaults("{\"malformedResponseRate\": 1.0, \"completionDelayMs\": 0}");
    RailTransfer transfer = good();

    RailResult.Unknown dispatched = assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer)));
    RailResult.Unknown enquired =
        assertInstanceOf(RailResult.Unknown.class, Await.result(rail.status(transfer.railKey())));
    assertTrue(dispatched.reason().contains("malformed"), dispatched.reason());
    assertTrue(enquired.reason().contains("malformed"), enquired.reason());

    sim.setFaults("{\"malformedResponseRate\": 0}");
    assertInstanceOf(RailResult.Completed.class, Await.result(rail.status(transfer.railKey())));
    assertEquals(1, sim.executions(transfer.railKey().value()));
  }

  @Test
  void ambiguousEnquiryIsUnknownUntilAirtelKnows() {
    sim.setFaults("{\"completionDelayMs\": 0}");
    RailTransfer transfer = good();
    RailResult dispatched = Await.result(rail.dispatch(transfer));
    sim.setFaults("{\"ambiguousEnquiryRate\": 1.0}");

    RailResult.Unknown ta = assertInstanceOf(RailResult.Unknown.class, Await.result(rail.status(transfer.railKey())));
    assertTrue(ta.reason().contains("TA"), ta.reason());

    sim.setFaults("{\"ambiguousEnquiryRate\": 0}");
    assertEquals(dispatched, Await.result(rail.status(transfer.railKey())));
  }

  @Test
  void replyLaterThanCallTimeoutIsUnknown() {
    sim.setFaults("{\"latencyMs\": 1500}");
    AirtelMoneyRail impatient = AirtelMoneyRail.create(testKit.system(),
        settingsFor(simulator.baseUrl()).withCallTimeout(Duration.ofMillis(300)));

    RailResult.Unknown unknown = assertInstanceOf(RailResult.Unknown.class, Await.result(impatient.dispatch(good())));

    assertTrue(unknown.reason().contains("timeout"), unknown.reason());
  }

  @Test
  void rejectedTokenIsRefreshedOnceAndTheCallSucceeds() {
    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(good())));
    sim.revokeTokens(); // the adapter's cached token is now refused with 401

    RailTransfer next = good();
    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(next)));
    assertEquals(1, sim.executions(next.railKey().value()));
  }

  @Test
  void unreachableRailIsUnknown() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    AirtelMoneyRail nowhere = AirtelMoneyRail.create(testKit.system(), settingsFor("http://127.0.0.1:" + closedPort));

    assertInstanceOf(RailResult.Unknown.class, Await.result(nowhere.dispatch(good())));
    assertInstanceOf(RailResult.Unknown.class, Await.result(nowhere.status(RailKey.forInstruction("x"))));
  }
}
