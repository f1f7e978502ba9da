package org.symphony.audit.checkpoint;

/** Where a {@link Checkpointer} puts what it signed: the database ({@link Checkpoints}) or, in tests, a list. */
@FunctionalInterface
public interface CheckpointSink {

  /** Stores the checkpoint durably or throws; the Checkpointer only counts it as signed when this returns. */
  void store(Checkpoint checkpoint);
}
