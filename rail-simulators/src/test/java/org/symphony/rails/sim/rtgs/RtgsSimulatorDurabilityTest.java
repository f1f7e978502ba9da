package org.symphony.rails.sim.rtgs;

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
import org.symphony.rails.rtgs.RtgsRail;
import org.symphony.rails.rtgs.RtgsSettings;
import org.symphony.rails.rtgs.RtgsTransfers;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.SimControl;

/** The RTGS simulator's strike ledger survives a restart. */
class RtgsSimulatorDurabilityTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @TempDir Path dataDir;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private RunningSimulator start(Duration completionDelay) {
    return Await.result(RtgsSimulator.start(testKit.system(),
        RtgsSimulatorSettings.of("127.0.0.1", 0, dataDir, completionDelay)));
  }

  private static RtgsRail railFor(RunningSimulator simulator) {
    return RtgsRail.create(testKit.system(),
        RtgsSettings.fromConfig(testKit.system().settings().config()).withBaseUrl(simulator.baseUrl()));
  }

  private static int executions(SimControl control, RailTransfer transfer) {
    return control.executions(RtgsTransfers.messageId(transfer));
  }

  @Test
  void statusesAndStrikesSurviveARestartAndPendingMessagesComplete() {
    RunningSimulator first = start(Duration.ZERO);
    SimControl firstControl = new SimControl(first.baseUrl());
    RtgsRail firstRail = railFor(first);
    RailTransfer settled = RtgsTransfers.good();
    RailTransfer declined = RtgsTransfers.to(RtgsTransfers.GOOD_BIC, RtgsTransfers.INCORRECT_ACCOUNT);
    RailTransfer pending = RtgsTransfers.good();
    RailResult.Completed before = assertInstanceOf(RailResult.Completed.class, Await.result(firstRail.dispatch(settled)));
    assertInstanceOf(RailResult.Declined.class, Await.result(firstRail.dispatch(declined)));
    firstControl.setFaults("{\"completionDelayMs\": 86400000}"); // pending for a day unless restarted
    assertEquals(new RailResult.InProgress(), Await.result(firstRail.dispatch(pending)));
    assertEquals(new RailResult.InProgress(), Await.result(firstRail.status(pending.railKey())));
    Await.result(first.stop());

    RunningSimulator second = start(Duration.ZERO);
    try {
      SimControl control = new SimControl(second.baseUrl());
      RtgsRail rail = railFor(second);

      assertEquals(before, Await.result(rail.status(settled.railKey())), "same RTGS reference");
      RailResult.Declined stillDeclined =
          assertInstanceOf(RailResult.Declined.class, Await.result(rail.status(declined.railKey())));
      assertEquals("AC01", stillDeclined.reasonCode());
      assertInstanceOf(RailResult.Completed.class,
          Await.until(testKit, () -> rail.status(pending.railKey()), r -> !(r instanceof RailResult.InProgress)));

      // a resubmission after the restart is still a duplicate: no second execution
      assertEquals(before, Await.result(rail.dispatch(settled)));
      assertEquals(stillDeclined, Await.result(rail.dispatch(declined)));
      assertEquals(1, executions(control, settled));
      assertEquals(1, executions(control, declined));
      assertEquals(1, executions(control, pending));
      assertEquals(3, control.strikes().path("total").asInt());
    } finally {
      Await.result(second.stop());
    }
  }

  @Test
  void everyExecutionIsOneLineOnDisk() throws IOException {
    RunningSimulator simulator = start(Duration.ZERO);
    RailTransfer transfer = RtgsTransfers.good();
    try {
      RtgsRail rail = railFor(simulator);
      Await.result(rail.dispatch(transfer));
      Await.result(rail.dispatch(transfer)); // duplicate: no second line
    } finally {
      Await.result(simulator.stop());
    }

    List<String> lines = Files.readAllLines(dataDir.resolve(RtgsSettlement.LEDGER_FILE), StandardCharsets.UTF_8);
    assertEquals(1, lines.size());
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0));
    assertEquals("EXECUTED", json.path("event").asText());
    assertEquals("rtgs", json.path("rail").asText());
    assertEquals(RtgsTransfers.messageId(transfer), json.path("msgId").asText());
    assertEquals("SETTLED", json.path("outcome").asText());
  }

  @Test
  void aTornLastLineIsCutAndTheLedgerStaysUsable() throws IOException {
    RunningSimulator first = start(Duration.ZERO);
    RailTransfer kept = RtgsTransfers.good();
    Await.result(railFor(first).dispatch(kept));
    Await.result(first.stop());
    Path ledgerFile = dataDir.resolve(RtgsSettlement.LEDGER_FILE);
    Files.writeString(ledgerFile, "{\"event\":\"EXECUTED\",\"msgId\":\"torn", StandardOpenOption.APPEND);

    RunningSimulator second = start(Duration.ZERO);
    try {
      RtgsRail rail = railFor(second);
      RailTransfer next = RtgsTransfers.good();
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
