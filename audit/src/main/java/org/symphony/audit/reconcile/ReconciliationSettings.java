package org.symphony.audit.reconcile;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * {@code symphony.audit.reconciliation}. grace comes from {@code symphony.audit.gap.grace}: the worker and the gap
 * query agree on when an attestation without an outcome becomes a gap.
 */
public record ReconciliationSettings(
    Duration interval, Duration grace, Duration retryWindow, Duration zombieAfter, int batch, int engineChecksPerCycle,
    Duration engineTimeout, Duration minBackoff, Duration maxBackoff, int holeScanRows, Duration holeNudgeInterval,
    int holeNudgesRemembered) {

  public ReconciliationSettings {
    if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive");
    if (retryWindow.compareTo(grace) < 0) throw new IllegalArgumentException("retry-window must be at least the grace");
    if (batch < 1 || batch > 10_000) throw new IllegalArgumentException("batch must be in [1, 10000]: " + batch);
    if (engineChecksPerCycle < 1 || engineChecksPerCycle > batch)
      throw new IllegalArgumentException("engine-checks-per-cycle must be in [1, batch]");
    if (holeScanRows < 1) throw new IllegalArgumentException("hole-scan-rows must be positive: " + holeScanRows);
    if (holeNudgeInterval.isNegative()) throw new IllegalArgumentException("hole-nudge-interval must be >= 0");
    if (holeNudgesRemembered < batch)
      throw new IllegalArgumentException("hole-nudges-remembered must be at least the batch: " + holeNudgesRemembered);
  }

  public static ReconciliationSettings fromConfig(Config root) {
    Config c = root.getConfig("symphony.audit.reconciliation");
    return new ReconciliationSettings(
        c.getDuration("interval"),
        root.getDuration("symphony.audit.gap.grace"),
        c.getDuration("retry-window"),
        c.getDuration("zombie-after"),
        c.getInt("batch"),
        c.getInt("engine-checks-per-cycle"),
        c.getDuration("engine-timeout"),
        c.getDuration("restart-min-backoff"),
        c.getDuration("restart-max-backoff"),
        c.getInt("hole-scan-rows"),
        c.getDuration("hole-nudge-interval"),
        c.getInt("hole-nudges-remembered"));
  }
}
