package org.symphony.engine.rail;

import com.typesafe.config.Config;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The rail simulators, when this build carries them. They live in module {@code rail-simulators}, which the node
 * does not compile against: the development jar ({@code symphony.jar}) carries them, the production jar
 * ({@code symphony-node.jar}) does not, and a node finds them only through {@link #inThisBuild()}.
 */
public interface RailSimulators {

  /** Rail ids as the adapters name them. */
  String MTN_MOMO = "mtn-momo";
  String AIRTEL_MONEY = "airtel-money";
  String RTGS = "rtgs";

  /**
   * Starts the simulator of a rail ({@link #MTN_MOMO}, {@link #AIRTEL_MONEY} or {@link #RTGS}) with its settings
   * from {@code symphony.rails.simulator.<mtn|airtel|rtgs>} in {@code config}.
   */
  CompletionStage<Simulator> start(String railId, ActorSystem<?> system, Config config);

  /** A simulator serving HTTP. */
  interface Simulator {
    String rail();

    String baseUrl();

    /** Closes its connections and releases its port and data files. Idempotent. */
    CompletionStage<Done> stop();
  }

  /** The simulators, or empty in a build without them (the production jar). */
  static Optional<RailSimulators> inThisBuild() {
    return ServiceLoader.load(RailSimulators.class).findFirst();
  }
}
