package org.symphony.audit.gap;

import com.typesafe.config.Config;
import java.time.Duration;

/** {@code symphony.audit.gap}: how long a forwarded attestation may go without an outcome before it is a gap. */
public record GapSettings(Duration grace) {

  public GapSettings {
    if (grace == null || grace.isNegative() || grace.compareTo(Duration.ofHours(1)) > 0)
      throw new IllegalArgumentException("grace must be in [0, 1h]: " + grace);
  }

  /** Reads {@code symphony.audit.gap} from the node's (or a test's) root config. */
  public static GapSettings fromConfig(Config root) {
    return new GapSettings(root.getConfig("symphony.audit.gap").getDuration("grace"));
  }
}
