package org.symphony.engine.instruction;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Bounds of the instruction lifecycle.
 *
 * @param sequencerTimeout how long to wait for the participant's sequencer before answering Unavailable
 * @param sequencerNumberWithin a sequencing request not numbered this soon after it was sent is answered "too late"
 *     instead: a number handed out after the instruction stopped waiting would be a hole until voided (INV-SEQ), so
 *     at saturation the sequencer sheds what it can no longer answer in time; the rest of the timeout is the write's
 * @param maxDispatchAttempts sends to the rail (same rail key) before a rail that never saw it is given up
 * @param retryMinBackoff first pause before resolving an uncertain dispatch; doubles per attempt
 * @param retryMaxBackoff cap of that pause, also the pace of status queries while a rail stays unreachable
 * @param pollInitial first pause before asking a rail that accepted a transfer for its outcome
 * @param pollMax cap of the polling pause
 * @param terminalLinger how long a terminal instruction stays in memory before it passivates
 * @param railCallTimeout bound on one rail call as the entity sees it, whatever the adapter does
 * @param outcomeTtl time after acceptance without a final rail answer after which the instruction
 *     becomes UNKNOWN_OUTCOME (never assumed failed)
 * @param callbackQueryInterval at most one status query per this interval is triggered by rail callbacks
 *     (repeated or replayed callbacks must not multiply the load on the rail; polling is unaffected)
 */
public record InstructionSettings(
    Duration sequencerTimeout,
    Duration sequencerNumberWithin,
    int maxDispatchAttempts,
    Duration retryMinBackoff,
    Duration retryMaxBackoff,
    Duration pollInitial,
    Duration pollMax,
    Duration terminalLinger,
    Duration railCallTimeout,
    Duration outcomeTtl,
    Duration callbackQueryInterval) {

  public InstructionSettings {
    if (sequencerNumberWithin == null || sequencerNumberWithin.isNegative() || sequencerNumberWithin.compareTo(sequencerTimeout) >= 0)
      throw new IllegalArgumentException("sequencer-number-within must be in [0, sequencer-timeout): " + sequencerNumberWithin);
    if (maxDispatchAttempts < 1) throw new IllegalArgumentException("maxDispatchAttempts must be >= 1");
    if (callbackQueryInterval == null || callbackQueryInterval.isNegative())
      throw new IllegalArgumentException("callbackQueryInterval must be >= 0");
  }

  public static InstructionSettings fromConfig(Config c) {
    return new InstructionSettings(
        c.getDuration("sequencer-timeout"),
        c.getDuration("sequencer-number-within"),
        c.getInt("max-dispatch-attempts"),
        c.getDuration("retry-min-backoff"),
        c.getDuration("retry-max-backoff"),
        c.getDuration("poll-initial"),
        c.getDuration("poll-max"),
        c.getDuration("terminal-linger"),
        c.getDuration("rail-call-timeout"),
        c.getDuration("outcome-ttl"),
        c.getDuration("callback-query-interval"));
  }

  /**
   * Exponential backoff with full jitter (uniform in [min/2, min(max, min × 2^step)]), so that retries of
   * many instructions spread out instead of moving in lockstep against a recovering rail.
   */
  Duration backoff(Duration min, Duration max, int step, double random) {
    double ceiling = Math.min(min.toMillis() * Math.pow(2, Math.min(step, 20)), max.toMillis());
    double floor = Math.min(min.toMillis() / 2.0, ceiling);
    return Duration.ofMillis(Math.max(1, (long) (floor + (ceiling - floor) * random)));
  }
}
