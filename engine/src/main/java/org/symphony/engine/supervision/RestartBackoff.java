package org.symphony.engine.supervision;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;

/**
 * How an event-sourced entity restarts after its journal failed it: {@code restart-min-backoff},
 * {@code restart-max-backoff} and {@code restart-random-factor} under the entity's settings path.
 * {@code restart-logged-after}: a database outage fails every live entity at once, and the node's database keeper
 * logs the outage once; an entity's restarts are logged (as errors) only once it has failed that many times in a row.
 */
public record RestartBackoff(Duration min, Duration max, double randomFactor, int loggedAfter) {

  public static RestartBackoff fromConfig(Config config, String path) {
    Config c = config.getConfig(path);
    return new RestartBackoff(
        c.getDuration("restart-min-backoff"), c.getDuration("restart-max-backoff"), c.getDouble("restart-random-factor"),
        c.getInt("restart-logged-after"));
  }

  public BackoffSupervisorStrategy strategy() {
    return SupervisorStrategy.restartWithBackoff(min, max, randomFactor)
        .withLogLevel(org.slf4j.event.Level.DEBUG)
        .withCriticalLogLevel(org.slf4j.event.Level.ERROR, loggedAfter);
  }
}
