package org.symphony.audit.partition;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * {@code symphony.audit.partitions}: how many future weekly partitions of ingress_attestation must exist at all
 * times, and how long a partition stays attached after its week ended before it is detached and archived.
 */
public record PartitionSettings(int weeksAhead, Duration retention) {

  public PartitionSettings {
    if (weeksAhead < 2 || weeksAhead > 52) throw new IllegalArgumentException("weeks-ahead must be in [2, 52]: " + weeksAhead);
    if (retention == null || retention.compareTo(Duration.ofDays(1)) < 0)
      throw new IllegalArgumentException("retention must be at least 1 day: " + retention);
  }

  /** Reads {@code symphony.audit.partitions} from the node's (or a test's) root config. */
  public static PartitionSettings fromConfig(Config root) {
    Config c = root.getConfig("symphony.audit.partitions");
    return new PartitionSettings(c.getInt("weeks-ahead"), c.getDuration("retention"));
  }
}
