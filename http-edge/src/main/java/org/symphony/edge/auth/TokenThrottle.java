package org.symphony.edge.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.symphony.edge.EdgeSettings;

/**
 * Rate limits of the token endpoint, decided before a secret is checked: a token bucket per source
 * address and one per client id (both in size-capped LRU maps). Admission reserves a failure's cost in
 * both; a success gives it all back, so only failures (wrong secrets, unknown clients) drain a bucket.
 *
 * <p>An attacker on one address trying random client ids empties that address's bucket within a few
 * tries and is then refused without any credential check. A client that authenticated from an address
 * is trusted there for {@code trustedFor} and passes the emptied bucket, so a flood from a shared
 * address (a NAT, a proxy) does not lock out established clients; its first wrong secret ends the trust.
 * A success gives back all it reserved: only failures drain a bucket, so many clients behind one address
 * (a load generator, a NAT) can fetch their tokens one after another.
 * Thread-safe (one lock: the work under it is a few map operations).
 */
public final class TokenThrottle {

  /** What {@link #admit} decided. */
  public sealed interface Decision {}

  /** Go on and check the secret; then report the outcome on the ticket exactly once. */
  public record Admitted(Ticket ticket) implements Decision {}

  public record Refused(Duration retryAfter) implements Decision {}

  private record Bucket(double tokens, long atNanos) {}

  private final EdgeSettings.RateLimit limits;
  private final LongSupplier nanoTime;
  private final LruMap<String, Bucket> byAddress;
  private final LruMap<String, Bucket> byClient;
  /** "address client-id" → System.nanoTime() until which the pair passes an empty address bucket. */
  private final LruMap<String, Long> trustedUntil;

  public TokenThrottle(EdgeSettings.RateLimit limits, LongSupplier nanoTime) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.byAddress = new LruMap<>(limits.maxTracked());
    this.byClient = new LruMap<>(limits.maxTracked());
    this.trustedUntil = new LruMap<>(limits.maxTracked());
  }

  public TokenThrottle(EdgeSettings.RateLimit limits) {
    this(limits, System::nanoTime);
  }

  public synchronized Decision admit(String address, String clientId) {
    long now = nanoTime.getAsLong();
    String pair = address + " " + clientId;
    Long until = trustedUntil.get(pair);
    if (until != null && until - now > 0) return new Admitted(new Ticket(address, clientId, pair, 0));
    Bucket a = refilled(byAddress.get(address), now);
    Bucket c = refilled(byClient.get(clientId), now);
    int cost = limits.failureCost();
    if (a.tokens() < cost || c.tokens() < cost) return new Refused(retryAfter(Math.min(a.tokens(), c.tokens()), cost));
    byAddress.put(address, new Bucket(a.tokens() - cost, now));
    byClient.put(clientId, new Bucket(c.tokens() - cost, now));
    return new Admitted(new Ticket(address, clientId, pair, cost));
  }

  /** The outcome of one admitted check: report it once. */
  public final class Ticket {
    private final String address;
    private final String clientId;
    private final String pair;
    private final int charged;

    private Ticket(String address, String clientId, String pair, int charged) {
      this.address = address;
      this.clientId = clientId;
      this.pair = pair;
      this.charged = charged;
    }

    public void succeeded() {
      synchronized (TokenThrottle.this) {
        long now = nanoTime.getAsLong();
        if (charged > 0) {
          give(byAddress, address, charged, now);
          give(byClient, clientId, charged, now);
        }
        trustedUntil.put(pair, now + limits.trustedFor().toNanos());
      }
    }

    public void failed() {
      synchronized (TokenThrottle.this) {
        long now = nanoTime.getAsLong();
        trustedUntil.remove(pair);
        if (charged == 0) { // it came in trusted: the failure is charged now
          give(byAddress, address, -limits.failureCost(), now);
          give(byClient, clientId, -limits.failureCost(), now);
        }
      }
    }

    /** The check could not be made (store unavailable): nobody's fault, all given back. */
    public void undecided() {
      synchronized (TokenThrottle.this) {
        long now = nanoTime.getAsLong();
        give(byAddress, address, charged, now);
        give(byClient, clientId, charged, now);
      }
    }
  }

  private void give(LruMap<String, Bucket> buckets, String key, int tokens, long now) {
    Bucket b = refilled(buckets.get(key), now);
    buckets.put(key, new Bucket(Math.max(0, Math.min(limits.burst(), b.tokens() + tokens)), now));
  }

  private Bucket refilled(Bucket bucket, long now) {
    if (bucket == null) return new Bucket(limits.burst(), now);
    double elapsedSeconds = Math.max(0, now - bucket.atNanos()) / 1e9;
    return new Bucket(Math.min(limits.burst(), bucket.tokens() + elapsedSeconds * limits.refillPerSecond()), now);
  }

  private Duration retryAfter(double tokens, int needed) {
    double seconds = Math.max(0, needed - tokens) / limits.refillPerSecond();
    return Duration.ofSeconds(Math.max(1, (long) Math.ceil(seconds)));
  }
}
