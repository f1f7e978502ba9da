package org.symphony.audit.attest;

import static org.symphony.audit.attest.Bounds.requireWithin;

import com.typesafe.config.Config;
import java.time.Duration;

/** {@code symphony.audit.attestor}: the bounds of the ingress attestor. */
public record AttestorSettings(
    int maxBatch,
    Duration linger,
    int queueCapacity,
    int refusalQueueCapacity,
    Duration commitTimeout,
    Duration clockBackwardsTolerance) {

  public AttestorSettings {
    requireWithin("max-batch", maxBatch, 1, 5_000);
    requireWithin("linger", linger, Duration.ZERO, Duration.ofSeconds(1));
    requireWithin("queue-capacity", queueCapacity, 1, 1_000_000);
    requireWithin("refusal-queue-capacity", refusalQueueCapacity, 1, 100_000);
    requireWithin("commit-timeout", commitTimeout, Duration.ofMillis(10), Duration.ofMinutes(1));
    requireWithin("clock-backwards-tolerance", clockBackwardsTolerance, Duration.ZERO, Duration.ofMinutes(1));
  }

  /** Reads {@code symphony.audit.attestor} from the node's (or a test's) root config. */
  public static AttestorSettings fromConfig(Config root) {
    Config c = root.getConfig("symphony.audit.attestor");
    return new AttestorSettings(
        c.getInt("max-batch"),
        c.getDuration("linger"),
        c.getInt("queue-capacity"),
        c.getInt("refusal-queue-capacity"),
        c.getDuration("commit-timeout"),
        c.getDuration("clock-backwards-tolerance"));
  }

  public AttestorSettings withCommitTimeout(Duration value) {
    return new AttestorSettings(maxBatch, linger, queueCapacity, refusalQueueCapacity, value, clockBackwardsTolerance);
  }

  public AttestorSettings withQueueCapacity(int value) {
    return new AttestorSettings(maxBatch, linger, value, refusalQueueCapacity, commitTimeout, clockBackwardsTolerance);
  }

  public AttestorSettings withClockBackwardsTolerance(Duration value) {
    return new AttestorSettings(maxBatch, linger, queueCapacity, refusalQueueCapacity, commitTimeout, value);
  }
}
