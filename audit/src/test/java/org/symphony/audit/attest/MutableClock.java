package org.symphony.audit.attest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves; optionally it also moves forward by a step on every read (a clock that is "running"). */
public final class MutableClock extends Clock {

  private final AtomicReference<Instant> now;
  private volatile Duration stepPerRead = Duration.ZERO;

  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  public void set(Instant t) {
    now.set(t);
  }

  public void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  public void stepPerRead(Duration step) {
    this.stepPerRead = step;
  }

  @Override
  public Instant instant() {
    Duration step = stepPerRead;
    return step.isZero() ? now.get() : now.getAndUpdate(t -> t.plus(step));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("tests use UTC");
  }
}
