package org.symphony.audit.attest;

import java.util.Optional;

/**
 * The request could not be attested, so it must not be forwarded (fail closed): the edge answers 503 with
 * Retry-After. The stage of {@link Attestor#attest} fails with this (wrapped in a CompletionException by dependent
 * stages; {@link #in(Throwable)} finds it).
 */
public sealed class AttestationUnavailable extends RuntimeException permits ClockWentBackwards {

  public enum Reason {
    /** The attestor's bounded queue is full: the node is saturated. */
    QUEUE_FULL,
    /** The row was not committed within the commit timeout. */
    TIMED_OUT,
    /** The database refused or lost the batch. */
    DATABASE_UNAVAILABLE,
    /** Another live session holds this node's chain (two processes with one node id). */
    CHAIN_IN_USE,
    /** The attestor is closed. */
    CLOSED,
    /** The wall clock went backwards past the tolerance; see {@link ClockWentBackwards}. */
    CLOCK_WENT_BACKWARDS
  }

  private final Reason reason;

  public AttestationUnavailable(Reason reason, String message, Throwable cause) {
    // Only database failures carry a useful trace; the others are routine under load and cheap to make.
    super(message, cause, false, cause != null);
    this.reason = reason;
  }

  public AttestationUnavailable(Reason reason, String message) {
    this(reason, message, null);
  }

  public Reason reason() {
    return reason;
  }

  /** The AttestationUnavailable in a failure's cause chain, if any (unwraps CompletionException and friends). */
  public static Optional<AttestationUnavailable> in(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) { // bounded: causes can form a cycle
      if (t instanceof AttestationUnavailable unavailable) return Optional.of(unavailable);
    }
    return Optional.empty();
  }
}
