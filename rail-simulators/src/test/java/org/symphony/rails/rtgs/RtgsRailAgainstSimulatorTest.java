package org.symphony.rails.rtgs;

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
import org.symphony.rails.sim.rtgs.RtgsSimulator;
import org.symphony.rails.sim.rtgs.RtgsSimulatorSettings;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.SimControl;

/** The RTGS adapter talking real HTTP (pacs.008 out, pacs.002 back) to the RTGS simulator. */
class RtgsRailAgainstSimulatorTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir Path dataDir;
  private RunningSimulator simulator;
  private SimControl sim;
  private RtgsRail rail;

  @BeforeEach
  void start() {
    simulator = Await.result(RtgsSimulator.start(testKit.system(),
        RtgsSimulatorSettings.of("127.0.0.1", 0, dataDir, Duration.ofMillis(200))));
    sim = new SimControl(simulator.baseUrl());
    rail = RtgsRail.create(testKit.system(), settingsFor(simulator.baseUrl()));
  }

  @AfterEach
  void stop() {
    Await.result(simulator.stop());
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static RtgsSettings settingsFor(String baseUrl) {
    return RtgsSettings.fromConfig(testKit.system().settings().config())
        .withBaseUrl(baseUrl)
        .withCallTimeout(Duration.ofSeconds(3));
  }

  private int executions(RailTransfer transfer) {
    return sim.executions(RtgsTransfers.messageId(transfer));
  }

  private RailResult finalStatus(RailTransfer transfer) {
    return Await.until(testKit, () -> rail.status(transfer.railKey()), r -> !(r instanceof RailResult.InProgress));
  }

  @Test
  void acceptedIsInProgressThenSettledIsCompleted() {
    RailTransfer transfer = RtgsTransfers.good();

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)), "ACCP");

    RailResult.Completed completed = assertInstanceOf(RailResult.Completed.class, finalStatus(transfer));
    assertNotNull(completed.railReference(), "the RTGS's own reference");
    assertTrue(completed.railReference().startsWith("ZMRTGS"), completed.railReference());
    assertEquals(1, executions(transfer));
  }

  @Test
  void aPendingMessageReadsInProgress() {
    sim.setFaults("{\"completionDelayMs\": 600000}"); // pending until long after the test: no race with the clock
    RailTransfer transfer = RtgsTransfers.good();

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));
    assertEquals(new RailResult.InProgress(), Await.result(rail.status(transfer.railKey())), "PDNG");
  }

  @Test
  void withoutACompletionDelayTheSubmissionItselfIsCompleted() {
    sim.setFaults("{\"completionDelayMs\": 0}");
    RailTransfer transfer = RtgsTransfers.good();

    RailResult.Completed completed = assertInstanceOf(RailResult.Completed.class, Await.result(rail.dispatch(transfer)));
    assertEquals(completed, Await.result(rail.status(transfer.railKey())), "the same RTGS reference");
  }

  @Test
  void anIncorrectAccountIsDeclinedWithAc01AfterAcceptance() {
    RailTransfer transfer = RtgsTransfers.to(RtgsTransfers.GOOD_BIC, RtgsTransfers.INCORRECT_ACCOUNT);

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));

    RailResult.Declined declined = assertInstanceOf(RailResult.Declined.class, finalStatus(transfer));
    assertEquals("AC01", declined.reasonCode());
    assertEquals(1, executions(transfer));
  }

  @Test
  void anUnknownCreditorBankIsDeclinedWithRc01AtOnce() {
    RailTransfer transfer = RtgsTransfers.to(RtgsTransfers.UNKNOWN_BIC, RtgsTransfers.GOOD_ACCOUNT);

    RailResult.Declined declined = assertInstanceOf(RailResult.Declined.class, Await.result(rail.dispatch(transfer)));
    assertEquals("RC01", declined.reasonCode());
    assertEquals(declined, Await.result(rail.status(transfer.railKey())));
  }

  @Test
  void theOtherSimulatedRejectionsCarryTheirIsoCodes() {
    sim.setFaults("{\"completionDelayMs\": 0}");
    for (var rejected : RtgsSimulator.REJECTED_ACCOUNTS.entrySet()) {
      RailTransfer transfer = RtgsTransfers.to(RtgsTransfers.GOOD_BIC, rejected.getKey());
      assertEquals(new RailResult.Declined(rejected.getValue().code(), rejected.getValue().text()),
          Await.result(rail.dispatch(transfer)), rejected.getKey());
    }
  }

  @Test
  void injected5xxIsUnknownAndExecutesNothing() {
    sim.setFaults("{\"failureRate5xx\": 1.0}");
    RailTransfer transfer = RtgsTransfers.good();

    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer)));

    sim.setFaults("{\"failureRate5xx\": 0}");
    assertEquals(new RailResult.NotFound(), Await.result(rail.status(transfer.railKey())));
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  @Test
  void replyLaterThanCallTimeoutIsUnknown() {
    sim.setFaults("{\"latencyMs\": 1500}");
    RtgsRail impatient =
        RtgsRail.create(testKit.system(), settingsFor(simulator.baseUrl()).withCallTimeout(Duration.ofMillis(300)));

    RailResult.Unknown dispatch = assertInstanceOf(RailResult.Unknown.class, Await.result(impatient.dispatch(RtgsTransfers.good())));
    RailResult.Unknown status =
        assertInstanceOf(RailResult.Unknown.class, Await.result(impatient.status(RailKey.forInstruction("slow"))));
    assertTrue(dispatch.reason().contains("timeout"), dispatch.reason());
    assertTrue(status.reason().contains("timeout"), status.reason());
  }

  @Test
  void lostReplyAfterExecutionIsUnknownAndStatusLaterShowsCompletedOnce() {
    sim.setFaults("{\"dropResponseAfterExecuteRate\": 1.0, \"completionDelayMs\": 0}");
    RailTransfer transfer = RtgsTransfers.good();

    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer)));

    assertInstanceOf(RailResult.Completed.class, Await.result(rail.status(transfer.railKey())));
    assertEquals(1, executions(transfer));
  }

  @Test
  void aResubmittedMessageIsRefusedAsDuplicateAndResolvedByTheStatusRequest() {
    sim.setFaults("{\"completionDelayMs\": 0}");
    RailTransfer transfer = RtgsTransfers.good();

    RailResult first = Await.result(rail.dispatch(transfer));
    RailResult second = Await.result(rail.dispatch(transfer));

    assertInstanceOf(RailResult.Completed.class, first);
    assertEquals(first, second, "the duplicate is answered with the original's status");
    assertEquals(1, executions(transfer));
    assertEquals(1, sim.strikes().path("total").asInt());
  }

  @Test
  void aResubmissionAfterALostReplyIsExecutedOnce() {
    sim.setFaults("{\"dropResponseAfterExecuteRate\": 1.0, \"completionDelayMs\": 600000}");
    RailTransfer transfer = RtgsTransfers.good();
    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer)));

    sim.setFaults("{\"dropResponseAfterExecuteRate\": 0}");
    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)), "duplicate → status: still pending");
    assertEquals(1, executions(transfer));
  }

  @Test
  void aDeclinedOriginalStaysDeclinedOnResubmission() {
    sim.setFaults("{\"completionDelayMs\": 0}");
    RailTransfer transfer = RtgsTransfers.to(RtgsTransfers.GOOD_BIC, RtgsTransfers.INCORRECT_ACCOUNT);

    RailResult.Declined first = assertInstanceOf(RailResult.Declined.class, Await.result(rail.dispatch(transfer)));

    assertEquals(first, Await.result(rail.dispatch(transfer)));
    assertEquals(1, executions(transfer));
  }

  @Test
  void concurrentDispatchesOfOneKeyExecuteOnce() {
    RailTransfer transfer = RtgsTransfers.good();

    List<CompletableFuture<RailResult>> results = IntStream.range(0, 32)
        .mapToObj(i -> rail.dispatch(transfer).toCompletableFuture())
        .collect(Collectors.toList());

    for (CompletableFuture<RailResult> result : results) {
      RailResult r = Await.result(result);
      assertTrue(r instanceof RailResult.InProgress || r instanceof RailResult.Completed, r.toString());
    }
    assertEquals(1, executions(transfer));
    assertEquals(1, sim.strikes().path("total").asInt());
  }

  @Test
  void manyConcurrentTransfersAreEachExecutedOnce() {
    List<RailTransfer> transfers = IntStream.range(0, 200).mapToObj(i -> RtgsTransfers.good()).collect(Collectors.toList());

    List<CompletableFuture<RailResult>> results = transfers.stream()
        .map(t -> rail.dispatch(t).toCompletableFuture())
        .collect(Collectors.toList());

    results.forEach(r -> assertEquals(new RailResult.InProgress(), Await.result(r)));
    JsonNode strikes = sim.strikes();
    assertEquals("rtgs", strikes.path("rail").asText());
    assertEquals(200, strikes.path("total").asInt());
    transfers.forEach(t -> assertEquals(1, strikes.path("references").path(RtgsTransfers.messageId(t)).asInt()));
  }

  @Test
  void malformedXmlRepliesAreUnknownNeverAnException() {
    sim.setFaults("{\"malformedResponseRate\": 1.0, \"completionDelayMs\": 0}");
    RailTransfer transfer = RtgsTransfers.good();

    RailResult.Unknown dispatch = assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer)));
    RailResult.Unknown status = assertInstanceOf(RailResult.Unknown.class, Await.result(rail.status(transfer.railKey())));
    assertTrue(dispatch.reason().contains("malformed XML"), dispatch.reason());
    assertTrue(status.reason().contains("malformed XML"), status.reason());

    sim.setFaults("{\"malformedResponseRate\": 0}");
    assertInstanceOf(RailResult.Completed.class, Await.result(rail.status(transfer.railKey())));
    assertEquals(1, executions(transfer));
  }

  @Test
  void statusOfAMessageNeverSentIsNotFound() {
    RailKey neverSent = RailKey.forInstruction("never-dispatched");

    assertEquals(new RailResult.NotFound(), Await.result(rail.status(neverSent)));
    assertEquals(0, sim.executions(RtgsRail.messageIdOf(neverSent)));
  }

  @Test
  void unreachableRailIsUnknown() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    RtgsRail nowhere = RtgsRail.create(testKit.system(), settingsFor("http://127.0.0.1:" + closedPort));

    assertInstanceOf(RailResult.Unknown.class, Await.result(nowhere.dispatch(RtgsTransfers.good())));
    assertInstanceOf(RailResult.Unknown.class, Await.result(nowhere.status(RailKey.forInstruction("x"))));
  }
}
