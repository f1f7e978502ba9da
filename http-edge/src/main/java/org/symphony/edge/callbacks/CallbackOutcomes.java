package org.symphony.edge.callbacks;

/** What became of rail callbacks, counted per rail (the node exports it as a metric). */
@FunctionalInterface
public interface CallbackOutcomes {

  CallbackOutcomes NONE = (rail, outcome) -> {};

  enum Outcome {
    /** The instruction was asked to query the rail. */
    FORWARDED,
    /** The read model already shows an outcome: nothing to do. */
    ALREADY_SETTLED,
    /** Not indexed within the index wait (or no room to wait): dropped; polling settles a genuine one. */
    UNKNOWN_DROPPED,
    /** The queue was full: 503. */
    REFUSED_FULL,
    /** A configured callback secret was missing or wrong: 401. */
    UNAUTHENTICATED,
    /** The read model could not be read for a lookup (retried within the index wait). */
    LOOKUP_FAILED
  }

  void counted(String rail, Outcome outcome);
}
