package org.symphony.node.guardian;

import java.time.Duration;
import java.util.Optional;

/** The database as its keeper sees it: probe it, and restart it when it is the node's own embedded server. */
public interface KeptDatabase {

  /** @return empty when the database took a write transaction within {@code timeout}, else why not */
  Optional<String> probeWritable(Duration timeout);

  /** Whether the node itself can start this database again (its embedded server on a kept directory). */
  boolean restartable();

  /** False when a restartable server's process is gone. */
  boolean serverProcessAlive();

  /** Starts the dead server again; throws while it cannot (yet). */
  void restart();

  /** For log lines: where the database is (no secrets). */
  String describe();
}
