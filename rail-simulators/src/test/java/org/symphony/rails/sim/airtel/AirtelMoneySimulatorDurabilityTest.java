package org.symphony.rails.sim.airtel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.airtel.AirtelMoneyRail;
import org.symphony.rails.airtel.AirtelMoneySettings;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.SimControl;
import org.symphony.rails.testing.Transfers;

/** The Airtel strike ledger survives a restart of the simulator. */
class AirtelMoneySimulatorDurabilityTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String GOOD_MSISDN = "+260971234567";
  private static final String FAILING_MSISDN = "+260970000000";

  @TempDir Path dataDir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private RunningSimulator start(Duration completionDelay) {
    return Await.result(AirtelMoneySimulator.start(testKit.system(),
        AirtelSimulatorSettings.of("127.0.0.1", 0, dataDir, completionDelay)));
  }

  private static AirtelMoneyRail railFor(RunningSimulator simulator) {
    return AirtelMoneyRail.create(testKit.system(),
        AirtelMoneySettings.fromConfig(testKit.system().settings().config()).withBaseUrl(simulator.baseUrl()));
  }

  @Test
  void statusesAndStrikesSurviveARestartAndPendingTransfersComplete() {
    RunningSimulator first = start(Duration.ZERO);
    SimControl firstControl = new SimControl(first.baseUrl());
    AirtelMoneyRail firstRail = railFor(first);
    RailTransfer done = Transfers.toWallet(GOOD_MSISDN);
    RailTransfer declined = Transfers.toWallet(FAILING_MSISDN);
    RailTransfer pending = Transfers.toWallet(GOOD_MSISDN);
    Await.result(firstRail.dispatch(done));
    Await.result(firstRail.dispatch(declined));
    firstControl.setFaults("{\"completionDelayMs\": 86400000}"); // TIP for a day unless restarted
    Await.result(firstRail.dispatch(pending));
    RailResult.Completed before =
        assertInstanceOf(RailResult.Completed.class, Await.result(firstRail.status(done.railKey())));
    assertEquals(new RailResult.InProgress(), Await.result(firstRail.status(pending.railKey())));
    Await.result(first.stop());

    RunningSimulator second = start(Duration.ZERO);
    try {
      SimControl control = new SimControl(second.baseUrl());
      AirtelMoneyRail rail = railFor(second);

      assertEquals(before, Await.result(rail.status(done.railKey())), "same airtel_money_id");
      RailResult.Declined stillDeclined =
          assertInstanceOf(RailResult.Declined.class, Await.result(rail.status(declined.railKey())));
      assertEquals("DP00900001012", stillDeclined.reasonCode());
      assertInstanceOf(RailResult.Completed.class,
          Await.until(testKit, () -> rail.status(pending.railKey()), r -> !(r instanceof RailResult.InProgress)));

      // a retry after the restart is still refused by the rail as a duplicate: no second execution
      assertEquals(before, Await.result(rail.dispatch(done)));
      assertEquals(1, control.executions(done.railKey().value()));
      assertEquals(1, control.executions(declined.railKey().value()));
      assertEquals(1, control.executions(pending.railKey().value()));
      assertEquals(3, control.strikes().path("total").asInt());
    } finally {
      Await.result(second.stop());
    }
  }

  @Test
  void aTornLastLineIsCutAndTheLedgerStaysUsable() throws IOException {
    RunningSimulator first = start(Duration.ZERO);
    RailTransfer kept = Transfers.toWallet(GOOD_MSISDN);
    Await.result(railFor(first).dispatch(kept));
    Await.result(first.stop());
    Path ledgerFile = dataDir.resolve(AirtelMoneySimulator.LEDGER_FILE);
    Files.writeString(ledgerFile, "{\"event\":\"EXECUTED\",\"transactionId\":\"torn", StandardOpenOption.APPEND);

    RunningSimulator second = start(Duration.ZERO);
    try {
      AirtelMoneyRail rail = railFor(second);
      RailTransfer next = Transfers.toWallet(GOOD_MSISDN);
      assertInstanceOf(RailResult.Completed.class, Await.result(rail.dispatch(next)));

      List<String> lines = Files.readAllLines(ledgerFile, StandardCharsets.UTF_8);
      assertEquals(2, lines.size(), "the torn line is gone and the new execution is on its own line");
      assertEquals(2, new SimControl(second.baseUrl()).strikes().path("total").asInt());
      assertInstanceOf(RailResult.Completed.class, Await.result(rail.status(kept.railKey())));
    } finally {
      Await.result(second.stop());
    }
  }

  @Test
  void twoSimulatorsCannotShareADataDirectory() {
    RunningSimulator first = start(Duration.ZERO);
    try {
      assertThrows(AssertionError.class, () -> start(Duration.ZERO));
    } finally {
      Await.result(first.stop());
    }
  }
}
