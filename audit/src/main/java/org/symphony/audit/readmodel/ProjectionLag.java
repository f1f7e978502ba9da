package org.symphony.audit.readmodel;

/** Told, per projected group, how far behind the journal the read model is (metrics port; no-op by default). */
@FunctionalInterface
public interface ProjectionLag {

  ProjectionLag NONE = (slice, lagMillis, events) -> {};

  /** lagMillis: from the oldest event's write to its projection; events: how many the group held. */
  void observed(String slice, long lagMillis, int events);
}
