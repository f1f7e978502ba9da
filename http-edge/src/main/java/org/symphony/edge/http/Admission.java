package org.symphony.edge.http;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A hard bound on calls in progress. Above it the edge answers 503 at once instead of queueing: a
 * burst must not turn into a backlog in the journal (see ARCHITECTURE, "Pitfalls").
 */
public final class Admission {

  private final int maxInFlight;
  private final Semaphore slots;

  public Admission(int maxInFlight) {
    if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be >= 1: " + maxInFlight);
    this.maxInFlight = maxInFlight;
    this.slots = new Semaphore(maxInFlight);
  }

  /** A slot, or empty when all are taken. Never blocks. */
  public Optional<Permit> tryAcquire() {
    return slots.tryAcquire() ? Optional.of(new Permit()) : Optional.empty();
  }

  public int inFlight() {
    return maxInFlight - slots.availablePermits();
  }

  public int maxInFlight() {
    return maxInFlight;
  }

  /** Released once, however many completion paths (reply, failure, timeout) call release. */
  public final class Permit {
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit() {}

    public void release() {
      if (released.compareAndSet(false, true)) slots.release();
    }
  }
}
