package org.symphony.audit.verify;

import com.typesafe.config.Config;
import java.time.Duration;
import org.symphony.audit.checkpoint.CheckpointSettings;

/**
 * The checkpoint cadence a chain is held to: no more than {@code everyRows} rows, and no span of received_at longer
 * than {@code every} + {@code slack}, without a checkpoint, the tail after the last checkpoint included (its span is
 * measured between its own rows, so a cleanly stopped node's chain still verifies days later).
 */
public record Cadence(long everyRows, Duration every, Duration slack) {

  public Cadence {
    if (everyRows < 1) throw new IllegalArgumentException("every-rows must be at least 1, was " + everyRows);
    if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("every must be positive, was " + every);
    if (slack.isNegative()) throw new IllegalArgumentException("slack must not be negative, was " + slack);
  }

  /** symphony.audit.checkpoints.every-rows / every and symphony.audit.verify.cadence-slack. */
  public static Cadence fromConfig(Config root) {
    CheckpointSettings checkpoints = CheckpointSettings.fromConfig(root);
    return new Cadence(checkpoints.everyRows(), checkpoints.every(), root.getDuration(VerifySettings.SECTION + ".cadence-slack"));
  }

  public Cadence withEveryRows(long rows) {
    return new Cadence(rows, every, slack);
  }

  /** The longest received_at span a stretch without a checkpoint may have. */
  Duration longestSpan() {
    return every.plus(slack);
  }
}
