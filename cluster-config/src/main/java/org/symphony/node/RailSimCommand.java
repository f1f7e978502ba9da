package org.symphony.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.sim.airtel.AirtelMoneySimulator;
import org.symphony.rails.sim.airtel.AirtelSimulatorSettings;
import org.symphony.rails.sim.mtn.MtnMomoSimulator;
import org.symphony.rails.sim.rtgs.RtgsSimulator;
import org.symphony.rails.sim.rtgs.RtgsSimulatorSettings;
import org.symphony.rails.sim.mtn.MtnSimulatorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code symphony rail-sim --rail mtn|airtel|rtgs --port N}: one rail simulator on its own, e.g. on
 * another host than the node, so that a crash test can kill the node and keep the "external" rail.
 */
@Command(name = "rail-sim", mixinStandardHelpOptions = true, description = "Run one rail simulator (HTTP) until stopped.")
final class RailSimCommand implements Callable<Integer> {

  enum SimulatedRail { mtn, airtel, rtgs }

  @Option(names = "--rail", required = true, description = "mtn, airtel or rtgs")
  SimulatedRail rail;

  @Option(names = "--port", description = "Port (default: the rail's default, 9101-9103; 0 = any free port).")
  Integer port;

  @Option(names = "--host", defaultValue = "127.0.0.1")
  String host;

  @Option(names = "--data-dir", description = "Directory of the durable strike ledger (default ~/.symphony/rail-sim/<rail>).")
  Path dataDir;

  /** Stop when stdin closes, i.e. when the parent process is gone (see ParentWatchdog). */
  @Option(names = "--exit-with-parent", hidden = true)
  boolean exitWithParent;

  @Override
  public Integer call() throws Exception {
    if (exitWithParent) ParentWatchdog.start(System.in);
    String section = "symphony.rails.simulator." + rail.name();
    Map<String, Object> overrides = new HashMap<>();
    overrides.put(section + ".host", host);
    if (port != null) overrides.put(section + ".port", port);
    overrides.put(section + ".data-dir",
        (dataDir != null ? dataDir : DatabaseLocation.defaultHome().resolve("rail-sim").resolve(rail.name())).toString());
    Config config = ConfigFactory.parseMap(overrides)
        .withFallback(ConfigFactory.parseString("pekko.actor.provider = local"))
        .withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "rail-sim-" + rail.name(), config);
    RunningSimulator sim;
    try {
      sim = start(system, config).toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
    System.out.println(sim.rail() + " simulator listening on " + sim.baseUrl() + " (strike ledger: " + sim.baseUrl() + "/sim/strikes). Stop with Ctrl-C.");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sim.stop();
      system.terminate();
    }, "rail-sim-shutdown"));
    system.getWhenTerminated().toCompletableFuture().join();
    return 0;
  }

  private CompletionStage<RunningSimulator> start(ActorSystem<?> system, Config config) {
    return switch (rail) {
      case mtn -> MtnMomoSimulator.start(system, MtnSimulatorSettings.fromConfig(config));
      case airtel -> AirtelMoneySimulator.start(system, AirtelSimulatorSettings.fromConfig(config));
      case rtgs -> RtgsSimulator.start(system, RtgsSimulatorSettings.fromConfig(config));
    };
  }
}
