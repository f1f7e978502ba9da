package org.symphony.audit.attest;

import static org.symphony.audit.attest.Bounds.requireWithin;

import com.typesafe.config.Config;
import java.time.Duration;

/** {@code symphony.audit.refusals}: how unauthenticated refusals are counted and how often their counts are chained. */
public record RefusalSettings(Duration window, int maxSources, int maxReasons) {

  public RefusalSettings {
    requireWithin("window", window, Duration.ofMillis(100), Duration.ofDays(1));
    requireWithin("max-sources", maxSources, 1, 100_000);
    requireWithin("max-reasons", maxReasons, 1, 64);
  }

  public static RefusalSettings fromConfig(Config root) {
    Config c = root.getConfig("symphony.audit.refusals");
    return new RefusalSettings(c.getDuration("window"), c.getInt("max-sources"), c.getInt("max-reasons"));
  }
}
