package org.symphony.audit.attest;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * UUIDv7 ids, strictly increasing (RFC 9562 section 6.2, method 1: "fixed bit-length dedicated counter"):
 * 48-bit unix milliseconds, version 7, a 42-bit counter spread over rand_a (12 bits) and the top of rand_b
 * (30 bits), then 32 random bits. The counter is re-seeded randomly with its top bit clear (rollover guard)
 * whenever the millisecond advances and incremented within the same millisecond; should it still overflow, the
 * timestamp is advanced by one millisecond, which RFC 9562 allows.
 *
 * <p>Clock safety: if the clock reads earlier than the latest reading seen, {@link #next()} polls it (every
 * millisecond, measured on the monotonic System.nanoTime) for up to the tolerance and then throws
 * {@link ClockWentBackwards}. Not thread-safe: the attestor's writer thread is the only caller.
 */
final class MonotonicUuidV7 {

  private static final long COUNTER_BITS = 42;
  private static final long MAX_COUNTER = (1L << COUNTER_BITS) - 1;
  private static final long SEED_MASK = (1L << (COUNTER_BITS - 1)) - 1; // top bit clear: >= 2^41 increments of room
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Clock clock;
  private final Duration tolerance;
  private final SecureRandom random = new SecureRandom();
  private long lastMillis = -1;      // timestamp field of the last id
  private long counter;              // counter field of the last id
  private long latestReading = -1;   // highest clock reading seen

  MonotonicUuidV7(Clock clock, Duration tolerance) {
    this.clock = clock;
    this.tolerance = tolerance;
  }

  /** Continue after an id issued earlier (e.g. by a previous run of this node): every next id is greater. */
  void resumeAfter(UUID last) {
    long millis = millisOf(last);
    if (millis > lastMillis || (millis == lastMillis && counterOf(last) > counter)) {
      lastMillis = millis;
      counter = counterOf(last);
    }
    latestReading = Math.max(latestReading, millis);
  }

  UUID next() throws ClockWentBackwards {
    long now = awaitClockNotBehind();
    latestReading = Math.max(latestReading, now);
    if (now > lastMillis) {
      lastMillis = now;
      counter = random.nextLong() & SEED_MASK;
    } else if (counter < MAX_COUNTER) {
      counter++;
    } else {
      lastMillis++;
      counter = random.nextLong() & SEED_MASK;
    }
    return build(lastMillis, counter, random.nextInt());
  }

  static long millisOf(UUID id) {
    return id.getMostSignificantBits() >>> 16;
  }

  static long counterOf(UUID id) {
    return ((id.getMostSignificantBits() & 0xFFFL) << 30) | ((id.getLeastSignificantBits() >>> 32) & 0x3FFF_FFFFL);
  }

  static UUID build(long millis, long counter, int randomTail) {
    long msb = (millis << 16) | (0x7L << 12) | (counter >>> 30);
    long lsb = (0b10L << 62) | ((counter & 0x3FFF_FFFFL) << 32) | (randomTail & 0xFFFF_FFFFL);
    return new UUID(msb, lsb);
  }

  private long awaitClockNotBehind() throws ClockWentBackwards {
    long now = clock.millis();
    if (now >= latestReading) return now;
    long deadline = System.nanoTime() + tolerance.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || Thread.currentThread().isInterrupted())
        throw new ClockWentBackwards(Duration.ofMillis(latestReading - now), tolerance);
      LockSupport.parkNanos(Math.min(POLL_NANOS, left));
      now = clock.millis();
      if (now >= latestReading) return now;
    }
  }
}
