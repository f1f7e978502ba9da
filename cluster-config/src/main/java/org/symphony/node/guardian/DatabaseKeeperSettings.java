package org.symphony.node.guardian;

import com.typesafe.config.Config;
import java.time.Duration;

/** {@code symphony.node.guardian.database}: how often the keeper probes, how it backs off, how often it logs. */
public record DatabaseKeeperSettings(
    Duration probeInterval, Duration probeTimeout, Duration minBackoff, Duration maxBackoff, Duration logInterval) {

  public DatabaseKeeperSettings {
    if (minBackoff.compareTo(maxBackoff) > 0) throw new IllegalArgumentException("min-backoff > max-backoff");
  }

  public static DatabaseKeeperSettings fromConfig(Config c) {
    return new DatabaseKeeperSettings(
        c.getDuration("probe-interval"),
        c.getDuration("probe-timeout"),
        c.getDuration("min-backoff"),
        c.getDuration("max-backoff"),
        c.getDuration("log-interval"));
  }

  /** The pause before check number {@code failures + 1} of an unavailable database: doubling, capped. */
  Duration backoff(int failures) {
    long factor = 1L << Math.min(failures, 20);
    Duration d = minBackoff.multipliedBy(factor);
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
