package org.symphony.engine.participant;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * @param maxBatch most sequencing requests decided in one persist; bounds the in-memory batch
 * @param wakeSlice open instructions woken per step after recovery
 * @param wakeInterval pause between wake steps, so recovery does not flood the journal
 * @param snapshotEvery events between snapshots
 * @param sweepInterval how often open instructions are woken as a safety net
 * @param voidUnacceptedAfter how long a sequenced but never accepted instruction may still be retried
 *     under the same number before the number is closed as VOID
 * @param maxOpen most open instructions (sequenced, not settled) a participant holds; further requests are not
 *     numbered (the client gets a 503 and retries). Each open instruction is a live entity: this bounds the node's
 *     memory while a rail is down (participants × max-open × ~4 KB), instead of the outcome TTL alone
 */
public record ParticipantSettings(
    int maxBatch, int wakeSlice, Duration wakeInterval, int snapshotEvery, Duration sweepInterval, Duration voidUnacceptedAfter,
    int maxOpen) {

  public ParticipantSettings {
    if (maxBatch < 1 || wakeSlice < 1 || snapshotEvery < 1 || maxOpen < 1) throw new IllegalArgumentException("bounds must be positive");
  }

  public static ParticipantSettings fromConfig(Config c) {
    return new ParticipantSettings(
        c.getInt("max-batch"), c.getInt("wake-slice"), c.getDuration("wake-interval"), c.getInt("snapshot-every"), c.getDuration("sweep-interval"), c.getDuration("void-unaccepted-after"), c.getInt("max-open"));
  }
}
