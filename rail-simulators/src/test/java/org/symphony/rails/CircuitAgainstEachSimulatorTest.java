package org.symphony.rails;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.symphony.engine.rail.Rail;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.rails.airtel.AirtelMoneyRail;
import org.symphony.rails.airtel.AirtelMoneySettings;
import org.symphony.rails.mtn.MtnMomoRail;
import org.symphony.rails.mtn.MtnMomoSettings;
import org.symphony.rails.rtgs.RtgsRail;
import org.symphony.rails.rtgs.RtgsSettings;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.sim.airtel.AirtelMoneySimulator;
import org.symphony.rails.sim.airtel.AirtelSimulatorSettings;
import org.symphony.rails.sim.mtn.MtnMomoSimulator;
import org.symphony.rails.sim.mtn.MtnSimulatorSettings;
import org.symphony.rails.sim.rtgs.RtgsSimulator;
import org.symphony.rails.sim.rtgs.RtgsSimulatorSettings;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.SimControl;

/** For each rail, over HTTP to its simulator: the circuit opens under failure and closes after recovery. */
class CircuitAgainstEachSimulatorTest {

  private static final ActorTestKit kit = ActorTestKit.create();

  @TempDir Path dataDir;

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mtn", "airtel", "rtgs"})
  void theCircuitOpensUnderFailureAndClosesAfterRecovery(String which) {
    var config = ConfigFactory.load();
    RunningSimulator simulator;
    Function<String, Rail> adapter;
    switch (which) {
      case "mtn" -> {
        simulator = Await.result(MtnMomoSimulator.start(kit.system(), MtnSimulatorSettings.of("127.0.0.1", 0, dataDir, Duration.ofMillis(50))));
        adapter = url -> MtnMomoRail.create(kit.system(), MtnMomoSettings.fromConfig(config).withBaseUrl(url).withCallTimeout(Duration.ofSeconds(2)));
      }
      case "airtel" -> {
        simulator = Await.result(AirtelMoneySimulator.start(kit.system(), AirtelSimulatorSettings.of("127.0.0.1", 0, dataDir, Duration.ofMillis(50))));
        adapter = url -> AirtelMoneyRail.create(kit.system(), AirtelMoneySettings.fromConfig(config).withBaseUrl(url).withCallTimeout(Duration.ofSeconds(2)));
      }
      default -> {
        simulator = Await.result(RtgsSimulator.start(kit.system(), RtgsSimulatorSettings.of("127.0.0.1", 0, dataDir, Duration.ofMillis(50))));
        adapter = url -> RtgsRail.create(kit.system(), RtgsSettings.fromConfig(config).withBaseUrl(url).withCallTimeout(Duration.ofSeconds(2)));
      }
    }
    try {
      var sim = new SimControl(simulator.baseUrl());
      var rail = new CircuitBreakingRail(kit.system(), adapter.apply(simulator.baseUrl()),
          new CircuitBreakingRail.Settings(3, Duration.ofSeconds(10), Duration.ofMillis(300)));
      RailKey key = RailKey.forInstruction("circuit-" + which);

      var creditor = which.equals("rtgs")
          ? new org.symphony.engine.rail.Creditor.BankAccount("ZNCOZMLU", "0123456789", "Mwila Banda")
          : new org.symphony.engine.rail.Creditor.MobileWallet(which.equals("mtn") ? "+260961234567" : "+260971234567");
      var transfer = new org.symphony.engine.rail.RailTransfer("circuit-" + which, key, "bank-a",
          new org.symphony.engine.money.Money(1000, org.symphony.engine.money.Currency.ZMW), creditor, "circuit");
      sim.setFaults("{\"failureRate5xx\": 1.0}");
      var answers = new java.util.ArrayList<RailResult>();
      for (int i = 0; i < 3; i++) answers.add(rail.dispatch(transfer).toCompletableFuture().join());
      answers.forEach(a -> assertInstanceOf(RailResult.Unknown.class, a, which + ": " + answers));
      var opened = kit.createTestProbe();
      opened.awaitAssert(Duration.ofSeconds(5), () -> {
        assertTrue(rail.isOpen(), which + ": three 5xx in a row open the circuit: " + answers);
        return null;
      });
      assertFalse(rail.acceptsCalls());
      var refused = (RailResult.Unknown) join(rail, key);
      assertTrue(refused.reason().startsWith(CircuitBreakingRail.CIRCUIT_OPEN), refused.reason());

      sim.setFaults("{\"failureRate5xx\": 0.0}");
      var probe = kit.createTestProbe();
      probe.awaitAssert(Duration.ofSeconds(10), () -> {
        assertInstanceOf(RailResult.NotFound.class, join(rail, key), which + ": the recovered rail answers");
        assertTrue(rail.isClosed(), which + ": a good trial call closes the circuit");
        return null;
      });
    } finally {
      Await.result(simulator.stop());
    }
  }

  private static RailResult join(Rail rail, RailKey key) {
    return rail.status(key).toCompletableFuture().join();
  }
}
