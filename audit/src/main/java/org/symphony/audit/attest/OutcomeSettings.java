package org.symphony.audit.attest;

import static org.symphony.audit.attest.Bounds.requireWithin;

import com.typesafe.config.Config;
import java.time.Duration;

/** {@code symphony.audit.outcomes}: the bounds of the outcome recorder. */
public record OutcomeSettings(
    int maxBatch,
    Duration linger,
    int queueCapacity,
    int maxAttempts,
    Duration retryBackoff,
    Duration writeTimeout) {

  public OutcomeSettings {
    requireWithin("max-batch", maxBatch, 1, 5_000);
    requireWithin("linger", linger, Duration.ZERO, Duration.ofSeconds(1));
    requireWithin("queue-capacity", queueCapacity, 1, 1_000_000);
    requireWithin("max-attempts", maxAttempts, 1, 100);
    requireWithin("retry-backoff", retryBackoff, Duration.ZERO, Duration.ofMinutes(1));
    requireWithin("write-timeout", writeTimeout, Duration.ofSeconds(1), Duration.ofMinutes(5));
  }

  /** Reads {@code symphony.audit.outcomes} from the node's (or a test's) root config. */
  public static OutcomeSettings fromConfig(Config root) {
    Config c = root.getConfig("symphony.audit.outcomes");
    return new OutcomeSettings(
        c.getInt("max-batch"),
        c.getDuration("linger"),
        c.getInt("queue-capacity"),
        c.getInt("max-attempts"),
        c.getDuration("retry-backoff"),
        c.getDuration("write-timeout"));
  }
}
