package org.symphony.engine.supervision;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;

/**
 * How an event-sourced entity restarts after its journal failed it: {@code restart-min-backoff},
 * {@code restart-max-backoff} and {@code restart-random-factor} under the entity's settings path.
 */
public record RestartBackoff(Duration min, Duration max, double randomFactor) {

  public static RestartBackoff fromConfig(Config config, String path) {
    Config c = config.getConfig(path);
    return new RestartBackoff(
        c.getDuration("restart-min-backoff"), c.getDuration("restart-max-backoff"), c.getDouble("restart-random-factor"));
  }

  public BackoffSupervisorStrategy strategy() {
    return SupervisorStrategy.restartWithBackoff(min, max, randomFactor);
  }
}
