package org.symphony.rails.rtgs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.sim.rtgs.RtgsSimulator;
import org.symphony.rails.sim.rtgs.RtgsSimulatorSettings;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.SimControl;

/**
 * One test per pacs.002 status and reason the adapter maps, through the adapter against the simulator over
 * HTTP, each asserting the exact {@link RailResult}. The expected results are written here, not read from
 * the simulator's or the adapter's tables; the creditor accounts are the simulator's documented ones.
 */
class RtgsPaymentStatusAgainstSimulatorTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String REFERENCE = "^ZMRTGS[0-9]{14}$";

  @TempDir Path dataDir;
  private RunningSimulator simulator;
  private SimControl sim;
  private RtgsRail rail;

  @BeforeEach
  void start() {
    simulator = Await.result(RtgsSimulator.start(testKit.system(),
        RtgsSimulatorSettings.of("127.0.0.1", 0, dataDir, Duration.ZERO)));
    sim = new SimControl(simulator.baseUrl());
    rail = RtgsRail.create(testKit.system(), RtgsRailAgainstSimulatorTest.settingsFor(simulator.baseUrl()));
  }

  @AfterEach
  void stop() {
    Await.result(simulator.stop());
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private RailResult dispatch(RailTransfer transfer) {
    return Await.result(rail.dispatch(transfer));
  }

  private RailResult status(RailTransfer transfer) {
    return Await.result(rail.status(transfer.railKey()));
  }

  private static RailTransfer toAccount(String account) {
    return RtgsTransfers.to(RtgsTransfers.GOOD_BIC, account);
  }

  private static void assertSettled(RailResult result) {
    RailResult.Completed completed = assertInstanceOf(RailResult.Completed.class, result);
    assertTrue(completed.railReference().matches(REFERENCE), completed.railReference());
  }

  @Test
  void acscIsCompletedWithTheRtgsReference() {
    RailTransfer transfer = RtgsTransfers.good();

    RailResult dispatched = dispatch(transfer);
    assertSettled(dispatched);
    assertEquals(dispatched, status(transfer));
  }

  @Test
  void acccIsCompletedWithTheRtgsReference() {
    RailTransfer transfer = toAccount("0000000300");

    RailResult dispatched = dispatch(transfer);
    assertSettled(dispatched);
    assertEquals(dispatched, status(transfer));
  }

  @Test
  void acspIsInProgress() {
    RailTransfer transfer = toAccount("0000000202");

    assertEquals(new RailResult.InProgress(), dispatch(transfer));
    assertEquals(new RailResult.InProgress(), status(transfer));
  }

  @Test
  void actcIsInProgress() {
    RailTransfer transfer = toAccount("0000000201");

    assertEquals(new RailResult.InProgress(), dispatch(transfer));
    assertEquals(new RailResult.InProgress(), status(transfer));
  }

  @Test
  void accpThenPdngAreInProgress() {
    sim.setFaults("{\"completionDelayMs\": 600000}");
    RailTransfer transfer = RtgsTransfers.good();

    assertEquals(new RailResult.InProgress(), dispatch(transfer), "ACCP");
    assertEquals(new RailResult.InProgress(), status(transfer), "PDNG");
  }

  @Test
  void rjctAc01IsDeclined() {
    RailTransfer transfer = toAccount("0000000000");
    assertEquals(new RailResult.Declined("AC01", "Incorrect account number"), dispatch(transfer));
    assertEquals(new RailResult.Declined("AC01", "Incorrect account number"), status(transfer));
  }

  @Test
  void rjctAc04IsDeclined() {
    RailTransfer transfer = toAccount("0000000004");
    assertEquals(new RailResult.Declined("AC04", "Closed account number"), dispatch(transfer));
    assertEquals(new RailResult.Declined("AC04", "Closed account number"), status(transfer));
  }

  @Test
  void rjctAm04IsDeclined() {
    RailTransfer transfer = toAccount("0000000051");
    assertEquals(new RailResult.Declined("AM04", "Insufficient funds"), dispatch(transfer));
    assertEquals(new RailResult.Declined("AM04", "Insufficient funds"), status(transfer));
  }

  @Test
  void rjctAg01IsDeclined() {
    RailTransfer transfer = toAccount("0000000099");
    assertEquals(new RailResult.Declined("AG01", "Transaction forbidden"), dispatch(transfer));
    assertEquals(new RailResult.Declined("AG01", "Transaction forbidden"), status(transfer));
  }

  @Test
  void rjctRc01IsDeclined() {
    RailTransfer transfer = RtgsTransfers.to("XXXXZMLU", RtgsTransfers.GOOD_ACCOUNT);
    RailResult.Declined expected =
        new RailResult.Declined("RC01", "Bank identifier incorrect: XXXXZMLU is not an RTGS participant");
    assertEquals(expected, dispatch(transfer));
    assertEquals(expected, status(transfer));
  }

  @Test
  void rjctDuplIsNeverAnOutcomeItselfButTheOriginalsOutcome() {
    RailTransfer settled = RtgsTransfers.good();
    RailResult first = dispatch(settled);
    assertSettled(first);
    assertEquals(first, dispatch(settled), "the resend is refused DUPL; the original's ACSC counts");

    RailTransfer rejected = toAccount("0000000000");
    dispatch(rejected);
    assertEquals(new RailResult.Declined("AC01", "Incorrect account number"), dispatch(rejected),
        "the resend is refused DUPL; the original's RJCT AC01 counts");
    assertEquals(1, sim.executions(RtgsTransfers.messageId(settled)));
    assertEquals(1, sim.executions(RtgsTransfers.messageId(rejected)));
  }

  @Test
  void rjctFf01ForAMessageThatFailsTheSchemaIsDeclined() {
    // the one pacs.008 the adapter can write that the schema refuses: an amount beyond totalDigits 18
    RailTransfer absurd = new RailTransfer("ins-absurd", RailKey.forInstruction("ins-absurd"), "participant-1",
        new Money(Long.MAX_VALUE, Currency.ZMW), new Creditor.BankAccount(RtgsTransfers.GOOD_BIC, "1234567890", "Chanda"), "x");

    RailResult.Declined declined = assertInstanceOf(RailResult.Declined.class, dispatch(absurd));
    assertEquals("FF01", declined.reasonCode());
    assertTrue(declined.message().startsWith("pacs.008.001.08 schema: "), declined.message());
    assertEquals(0, sim.executions(RtgsTransfers.messageId(absurd)), "refused, not executed");
    assertEquals(new RailResult.NotFound(), status(absurd), "the RTGS never received it");
  }

  @Test
  void rjctAg09ToAStatusRequestIsNotFound() {
    RailTransfer neverSent = RtgsTransfers.good();

    assertEquals(new RailResult.NotFound(), status(neverSent));
    assertEquals(0, sim.executions(RtgsTransfers.messageId(neverSent)));
  }
}
