package org.symphony.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.symphony.engine.rail.RailSimulators;
import org.symphony.engine.rail.RailSimulators.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code symphony rail-sim --rail mtn|airtel|rtgs|all}: rail simulators on their own, e.g. on another host than the
 * node, so that a crash test can kill the node and keep the "external" rail. {@code all} runs the three in one process
 * (the benchmark's rails: one JVM instead of three on a small box).
 */
@Command(name = "rail-sim", mixinStandardHelpOptions = true, description = "Run rail simulators (HTTP) until stopped.")
final class RailSimCommand implements Callable<Integer> {

  enum SimulatedRail {
    mtn(RailSimulators.MTN_MOMO), airtel(RailSimulators.AIRTEL_MONEY), rtgs(RailSimulators.RTGS), all("");

    private final String railId;

    SimulatedRail(String railId) {
      this.railId = railId;
    }

    String railId() {
      return railId;
    }
  }

  @Option(names = "--rail", required = true, description = "mtn, airtel, rtgs or all (the three in this process)")
  SimulatedRail rail;

  @Option(names = "--port", description = "Port of a single rail (default: the rail's default, 9101-9103; 0 = any free port).")
  Integer port;

  @Option(names = "--mtn-port", description = "With --rail all: MTN's port (default 9101; 0 = any free port).")
  Integer mtnPort;

  @Option(names = "--airtel-port", description = "With --rail all: Airtel's port (default 9102; 0 = any free port).")
  Integer airtelPort;

  @Option(names = "--rtgs-port", description = "With --rail all: the RTGS's port (default 9103; 0 = any free port).")
  Integer rtgsPort;

  @Option(names = "--host", defaultValue = "127.0.0.1")
  String host;

  @Option(names = "--fault-seed", description = "Seed of the simulators' random faults, to replay a run: each simulator "
      + "logs its seed when it starts (default: symphony.rails.simulator.fault-seed, SYMPHONY_SIM_FAULT_SEED; 0 = a fresh one).")
  Long faultSeed;

  @Option(names = "--data-dir", description = "Directory of the durable strike ledger (default ~/.symphony/rail-sim/<rail>; "
      + "with --rail all, one subdirectory per rail).")
  Path dataDir;

  /** Stop when stdin closes, i.e. when the parent process is gone (see ParentWatchdog). */
  @Option(names = "--exit-with-parent", hidden = true)
  boolean exitWithParent;

  @Override
  public Integer call() throws Exception {
    if (exitWithParent) ParentWatchdog.start(System.in);
    if (rail != SimulatedRail.all && (mtnPort != null || airtelPort != null || rtgsPort != null)) {
      System.err.println("symphony: --mtn-port, --airtel-port and --rtgs-port go with --rail all; use --port");
      return RunCommand.REFUSED;
    }
    if (rail == SimulatedRail.all && port != null) {
      System.err.println("symphony: --rail all takes --mtn-port, --airtel-port and --rtgs-port, not --port");
      return RunCommand.REFUSED;
    }
    var simulation = RailSimulators.inThisBuild();
    if (simulation.isEmpty()) {
      System.err.println("symphony: this build carries no rail simulators (the production jar, symphony-node.jar); "
          + "rail-sim runs from the development jar, symphony.jar");
      return RunCommand.REFUSED;
    }
    Config config = ConfigFactory.parseMap(overrides())
        .withFallback(ConfigFactory.parseString("pekko.actor.provider = local"))
        .withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "rail-sim-" + rail.name(), config);
    List<Simulator> sims = new ArrayList<>();
    try {
      for (SimulatedRail r : rails())
        sims.add(simulation.get().start(r.railId(), system, config).toCompletableFuture().get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      sims.forEach(Simulator::stop);
      system.terminate();
      throw e;
    }
    // One line per simulator, always in this form: a parent process reads the URLs from them.
    for (Simulator sim : sims)
      System.out.println(sim.rail() + " simulator listening on " + sim.baseUrl() + " (strike ledger: " + sim.baseUrl() + "/sim/strikes). Stop with Ctrl-C.");
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sims.forEach(Simulator::stop);
      system.terminate();
    }, "rail-sim-shutdown"));
    system.getWhenTerminated().toCompletableFuture().join();
    return 0;
  }

  /** The rails this process runs, in start order. */
  List<SimulatedRail> rails() {
    return rail == SimulatedRail.all ? List.of(SimulatedRail.mtn, SimulatedRail.airtel, SimulatedRail.rtgs) : List.of(rail);
  }

  /** Settings from the options: host, port and ledger directory of each simulator this process runs. */
  Map<String, Object> overrides() {
    Map<String, Object> overrides = new HashMap<>();
    if (faultSeed != null) overrides.put("symphony.rails.simulator.fault-seed", faultSeed);
    for (SimulatedRail r : rails()) {
      String section = "symphony.rails.simulator." + r.name();
      overrides.put(section + ".host", host);
      Integer p = rail == SimulatedRail.all ? portOf(r) : port;
      if (p != null) overrides.put(section + ".port", p);
      Path dir = dataDir == null ? DatabaseLocation.defaultHome().resolve("rail-sim").resolve(r.name())
          : rail == SimulatedRail.all ? dataDir.resolve(r.name()) : dataDir;
      overrides.put(section + ".data-dir", dir.toString());
    }
    return overrides;
  }

  private Integer portOf(SimulatedRail r) {
    return switch (r) {
      case mtn -> mtnPort;
      case airtel -> airtelPort;
      case rtgs -> rtgsPort;
      case all -> throw new IllegalArgumentException("not a single rail");
    };
  }

}
