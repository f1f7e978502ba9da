package org.symphony.rails.sim;

import com.typesafe.config.Config;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.symphony.rails.sim.airtel.AirtelMoneySimulator;
import org.symphony.rails.sim.airtel.AirtelSimulatorSettings;
import org.symphony.rails.sim.mtn.MtnMomoSimulator;
import org.symphony.rails.sim.mtn.MtnSimulatorSettings;
import org.symphony.rails.sim.rtgs.RtgsSimulator;
import org.symphony.rails.sim.rtgs.RtgsSimulatorSettings;
import org.symphony.engine.rail.RailSimulators;

/** The three simulators, offered to the node through {@link RailSimulators#inThisBuild()} (a service provider). */
public final class Simulators implements RailSimulators {

  @Override
  public CompletionStage<Simulator> start(String railId, ActorSystem<?> system, Config config) {
    CompletionStage<RunningSimulator> started = switch (railId) {
      case MTN_MOMO -> MtnMomoSimulator.start(system, MtnSimulatorSettings.fromConfig(config));
      case AIRTEL_MONEY -> AirtelMoneySimulator.start(system, AirtelSimulatorSettings.fromConfig(config));
      case RTGS -> RtgsSimulator.start(system, RtgsSimulatorSettings.fromConfig(config));
      default -> throw new IllegalArgumentException("no simulator for rail '" + railId + "'");
    };
    return started.thenApply(running -> running);
  }
}
