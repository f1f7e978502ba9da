package org.symphony.audit.supervision;

import java.time.Instant;

/** Which part of the record to analyse; null fields are unbounded (all participants, all time). */
public record GapWindow(String participantId, Instant from, Instant to) {

  public static final GapWindow ALL = new GapWindow(null, null, null);

  public GapWindow {
    if (from != null && to != null && !from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
  }
}
