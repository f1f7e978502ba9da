package org.symphony.rails.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The calls to one rail host that may be on the wire at once, and a bounded, first-come queue for the rest.
 *
 * <p>Why not the HTTP pool's own queue: a request that waits there and times out may still be sent afterwards,
 * so its timeout says nothing about whether the rail got it, and it counts against the rail's circuit breaker.
 * Here a call is either holding a slot (it may be on the wire: its failures are the rail's) or it never got one
 * ({@link NotSentException}: the rail was not asked). After a restart thousands of instructions call at once;
 * those that cannot get a slot within their wait are told "not asked": a status query waits for its next poll,
 * a dispatch is made again after a pause.
 */
final class ConnectionSlots {

  /** A held slot; {@link #release()} is idempotent, so every path out of a call may release it. */
  interface Slot {
    void release();
  }

  private final int slots;
  private final int maxWaiting;
  private final ActorSystem<?> system;
  private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
  private int inUse;

  ConnectionSlots(int slots, int maxWaiting, ActorSystem<?> system) {
    if (slots < 1 || maxWaiting < 0) throw new IllegalArgumentException("need slots >= 1 and max-waiting >= 0");
    this.slots = slots;
    this.maxWaiting = maxWaiting;
    this.system = system;
  }

  /** A slot now, or once one frees up within maxWait; otherwise fails with {@link NotSentException}. */
  CompletionStage<Slot> acquire(Duration maxWait) {
    Waiter waiter;
    synchronized (this) {
      if (inUse < slots) {
        inUse++;
        return CompletableFuture.completedFuture(new Held());
      }
      if (waiting.size() >= maxWaiting || maxWait.isZero())
        return CompletableFuture.failedFuture(notSent(waiting.size() + " calls already waiting"));
      waiter = new Waiter();
      waiting.addLast(waiter);
    }
    waiter.timer = system.scheduler().scheduleOnce(maxWait, () -> giveUp(waiter, maxWait), system.executionContext());
    return waiter.granted;
  }

  synchronized int inUse() {
    return inUse;
  }

  synchronized int waiting() {
    return waiting.size();
  }

  private void giveUp(Waiter waiter, Duration maxWait) {
    synchronized (this) {
      if (!waiting.remove(waiter)) return; // granted meanwhile
    }
    waiter.granted.completeExceptionally(notSent("no connection free within " + maxWait.toMillis() + " ms"));
  }

  private void release() {
    Waiter next;
    synchronized (this) {
      next = waiting.pollFirst();
      if (next == null) {
        inUse--;
        return;
      }
      // The slot passes straight to the next waiter: inUse is unchanged.
    }
    Cancellable timer = next.timer;
    if (timer != null) timer.cancel();
    next.granted.complete(new Held());
  }

  private NotSentException notSent(String why) {
    return new NotSentException("not sent: all " + slots + " connections to the rail busy, " + why);
  }

  private static final class Waiter {
    final CompletableFuture<Slot> granted = new CompletableFuture<>();
    volatile Cancellable timer;
  }

  private final class Held implements Slot {
    private boolean released;

    @Override
    public void release() {
      synchronized (this) {
        if (released) return;
        released = true;
      }
      ConnectionSlots.this.release();
    }
  }
}
