package org.symphony.node.guardian;

import java.time.Duration;

/** What the node guardian does when one of its children fails. */
public sealed interface ChildStrategy {

  /** The child starts again after a growing pause: a part that can recover alone does, while the rest keeps serving. */
  record RestartWithBackoff(Duration minBackoff, Duration maxBackoff, double randomFactor) implements ChildStrategy {
    public RestartWithBackoff {
      if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0)
        throw new IllegalArgumentException("backoff must satisfy 0 < min <= max, got " + minBackoff + ".." + maxBackoff);
      if (randomFactor < 0 || randomFactor > 1) throw new IllegalArgumentException("random factor in [0, 1], got " + randomFactor);
    }
  }

  /**
   * The whole node stops: continuing without this child would be unsafe (e.g. accepting requests that cannot be
   * attested). {@code why} is logged with the failure.
   */
  record StopNode(String why) implements ChildStrategy {}
}
