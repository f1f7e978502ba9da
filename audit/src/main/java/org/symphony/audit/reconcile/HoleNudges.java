package org.symphony.audit.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which sequence holes the worker asked their participant to close, and when: a hole stays open until the participant
 * voids its number (minutes), and asking every cycle (seconds) restarted the instruction entity each time, at the
 * moment the node was shortest of time (the 500,000 soak, RESULTS.md (9)). A hole is asked about when first found,
 * then at most once per interval. Bounded: past the capacity the oldest is forgotten, which only means it is asked
 * about again. Per incarnation, like the worker's watermarks; not thread-safe (one worker).
 */
final class HoleNudges {

  private record Hole(String participantId, long sequenceId) {}

  private final Duration interval;
  private final int capacity;
  private final Map<Hole, Instant> askedAt;

  HoleNudges(Duration interval, int capacity) {
    if (interval.isNegative()) throw new IllegalArgumentException("interval must be >= 0: " + interval);
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive: " + capacity);
    this.interval = interval;
    this.capacity = capacity;
    this.askedAt = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Hole, Instant> eldest) {
        return size() > HoleNudges.this.capacity;
      }
    };
  }

  /** True, and remembered as asked now, if this hole was never asked about or last asked an interval ago or more. */
  boolean due(String participantId, long sequenceId, Instant now) {
    Hole hole = new Hole(participantId, sequenceId);
    Instant last = askedAt.get(hole);
    if (last != null && now.isBefore(last.plus(interval))) return false;
    askedAt.remove(hole); // re-inserted last: the map's order is the order of asking, oldest first
    askedAt.put(hole, now);
    return true;
  }

  /** Forgets holes that are closed (a VOID recorded or the number filled): nothing more to ask. */
  void closed(String participantId, long sequenceId) {
    askedAt.remove(new Hole(participantId, sequenceId));
  }

  int remembered() {
    return askedAt.size();
  }
}
