package org.symphony.rails.sim;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.rails.sim.airtel.AirtelMoneySimulator;
import org.symphony.rails.sim.airtel.AirtelSimulatorSettings;
import org.symphony.rails.sim.mtn.MtnMomoSimulator;
import org.symphony.rails.sim.mtn.MtnSimulatorSettings;
import org.symphony.rails.sim.rtgs.RtgsSimulator;
import org.symphony.rails.sim.rtgs.RtgsSimulatorSettings;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.SimControl;

/**
 * A simulator's random faults are drawn from the configured seed: started again with the seed it logged, it fails
 * the same requests, so a failed soak can be replayed; another seed fails others.
 */
class SeededFaultsTest {

  private static final int CALLS = 40;

  @TempDir Path dataDir;

  /** Which of CALLS sequential API calls the simulator failed with an injected 500, e.g. "..X.X...". */
  private String failures(long seed, Function<ActorTestKit, RunningSimulator> start, Function<SimControl, Integer> call) {
    ActorTestKit testKit = ActorTestKit.create(
        "seeded", ConfigFactory.parseMap(Map.of(FaultDice.SEED_PATH, seed)).withFallback(ConfigFactory.load()));
    RunningSimulator simulator = start.apply(testKit);
    try {
      SimControl sim = new SimControl(simulator.baseUrl());
      sim.setFaults("{\"failureRate5xx\":0.5}");
      StringBuilder pattern = new StringBuilder();
      for (int i = 0; i < CALLS; i++) pattern.append(call.apply(sim) >= 500 ? 'X' : '.');
      return pattern.toString();
    } finally {
      Await.result(simulator.stop());
      testKit.shutdownTestKit();
    }
  }

  private void assertReplayed(Function<ActorTestKit, RunningSimulator> start, Function<SimControl, Integer> call) {
    String first = failures(42, start, call);
    assertTrue(first.contains("X") && first.contains("."), "a mix of faults and answers: " + first);
    assertEquals(first, failures(42, start, call), "the same seed fails the same calls");
    assertNotEquals(first, failures(4242, start, call), "another seed fails others");
  }

  @Test
  void mtnMomoReplaysItsFaults() {
    String basic = Base64.getEncoder().encodeToString("api-user:api-key".getBytes());
    assertReplayed(
        testKit -> Await.result(MtnMomoSimulator.start(
            testKit.system(), MtnSimulatorSettings.of("127.0.0.1", 0, dataDir.resolve("mtn-" + System.nanoTime()), Duration.ZERO))),
        sim -> sim.post("/disbursement/token/", Map.of("Authorization", "Basic " + basic, "Ocp-Apim-Subscription-Key", "sub"), "")
            .status());
  }

  @Test
  void airtelMoneyReplaysItsFaults() {
    assertReplayed(
        testKit -> Await.result(AirtelMoneySimulator.start(
            testKit.system(), AirtelSimulatorSettings.of("127.0.0.1", 0, dataDir.resolve("airtel-" + System.nanoTime()), Duration.ZERO))),
        // an enquiry without a token: 401, unless the injected 500 comes first
        sim -> sim.get("/standard/v2/disbursements/no-such-id?transactionType=B2C", Map.of()).status());
  }

  @Test
  void rtgsReplaysItsFaults() {
    assertReplayed(
        testKit -> Await.result(RtgsSimulator.start(
            testKit.system(), RtgsSimulatorSettings.of("127.0.0.1", 0, dataDir.resolve("rtgs-" + System.nanoTime()), Duration.ZERO))),
        // a status request that is not a pacs.028: refused with 400, unless the injected 500 comes first
        sim -> sim.post("/iso20022/pacs.028", Map.of("Content-Type", "application/xml"), "<not-a-pacs.028/>").status());
  }
}
