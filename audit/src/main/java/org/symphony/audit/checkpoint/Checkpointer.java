package org.symphony.audit.checkpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides when a node signs its chain head: at every {@code everyRows}-th row after the last checkpoint, or once the
 * oldest unsigned row has waited {@code every}, whichever comes first; and on graceful shutdown ({@link #signNow}).
 * Verification holds the node to this cadence (CHECKPOINT_MISSING), so a tail cut off the chain cannot be longer than
 * one stretch without showing, and the signed head published outside the database shows even that.
 *
 * <p>The node reports every committed row in chain order to {@link #onCommitted} (so the row rule signs at exact
 * positions) and a timer calls {@link #maybeSignByTime}. Nothing is signed when the head has not moved. Storing is
 * synchronous and blocking; if it throws, the head stays unsigned and the next call tries again.
 */
public final class Checkpointer {

  private final String nodeId;
  private final CheckpointSigner signer;
  private final CheckpointSink sink;
  private final long everyRows;
  private final Duration every;
  private final Clock clock;

  private long headSeq;
  private String headHash;
  private long signedSeq;
  private Instant oldestUnsignedAt; // null while everything committed is signed

  /** @param lastSignedSeq the node's highest stored checkpoint (0 for none), so a restart does not re-sign it */
  public Checkpointer(String nodeId, CheckpointSigner signer, CheckpointSink sink, CheckpointSettings settings, Clock clock,
      long lastSignedSeq) {
    this.nodeId = nodeId;
    this.signer = signer;
    this.sink = sink;
    this.everyRows = settings.everyRows();
    this.every = settings.every();
    this.clock = clock;
    this.signedSeq = lastSignedSeq;
    this.headSeq = lastSignedSeq;
  }

  /**
   * For a node start: registers the key and continues after the node's latest stored checkpoint.
   */
  public static Checkpointer start(String nodeId, CheckpointKeys keys, Checkpoints checkpoints, CheckpointSettings settings,
      Clock clock) {
    return start(nodeId, keys, checkpoints, checkpoints, settings, clock);
  }

  /** As above, storing through {@code sink} (which must store into {@code checkpoints}, e.g. and then publish). */
  public static Checkpointer start(String nodeId, CheckpointKeys keys, Checkpoints checkpoints, CheckpointSink sink,
      CheckpointSettings settings, Clock clock) {
    checkpoints.registerKey(keys);
    long lastSigned = checkpoints.latest(nodeId).map(Checkpoint::nodeSeq).orElse(0L);
    return new Checkpointer(nodeId, new CheckpointSigner(keys), sink, settings, clock, lastSigned);
  }

  /**
   * The chain head moved to ({@code nodeSeq}, {@code hash}) and is committed; call for every row, in order, for
   * checkpoints at exact row positions. Returns the checkpoint if one was made.
   */
  public synchronized Optional<Checkpoint> onCommitted(long nodeSeq, String hash) {
    if (nodeSeq <= headSeq) return Optional.empty(); // stale or repeated report: the head never moves back
    headSeq = nodeSeq;
    headHash = hash;
    if (oldestUnsignedAt == null) oldestUnsignedAt = clock.instant();
    return headSeq - signedSeq >= everyRows || waitedLongEnough() ? Optional.of(sign()) : Optional.empty();
  }

  /** Call periodically: signs the head if its oldest unsigned row has waited {@code every}. */
  public synchronized Optional<Checkpoint> maybeSignByTime() {
    return hasUnsigned() && waitedLongEnough() ? Optional.of(sign()) : Optional.empty();
  }

  /** Signs the head now if anything is unsigned (e.g. on graceful shutdown). */
  public synchronized Optional<Checkpoint> signNow() {
    return hasUnsigned() ? Optional.of(sign()) : Optional.empty();
  }

  public synchronized long signedSeq() {
    return signedSeq;
  }

  private boolean hasUnsigned() {
    return headSeq > signedSeq && headHash != null;
  }

  private boolean waitedLongEnough() {
    return oldestUnsignedAt != null && Duration.between(oldestUnsignedAt, clock.instant()).compareTo(every) >= 0;
  }

  private Checkpoint sign() {
    Checkpoint cp = signer.sign(nodeId, headSeq, headHash, clock.instant());
    sink.store(cp);
    signedSeq = headSeq;
    oldestUnsignedAt = null;
    return cp;
  }
}
