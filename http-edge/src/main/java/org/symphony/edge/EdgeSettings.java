package org.symphony.edge;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.symphony.edge.callbacks.CallbackSettings;

/** {@code symphony.edge} from config; every bound of the edge lives here. */
public record EdgeSettings(
    String host,
    int port,
    long maxBodyBytes,
    Duration bodyReadTimeout,
    int maxInFlight,
    int maxReadsInFlight,
    Duration engineTimeout,
    Duration retryAfter,
    CallbackSettings callbacks,
    Token token) {

  /** {@code symphony.edge.token}: issuing and checking access tokens. */
  public record Token(
      String issuer,
      String audience,
      Duration ttl,
      Duration maxLifetime,
      Optional<Path> keyFile,
      Duration clockSkew,
      Duration verifyTimeout,
      int maxInFlight,
      RateLimit rateLimit) {

    public Token {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(audience, "audience");
      Objects.requireNonNull(keyFile, "keyFile");
      Objects.requireNonNull(rateLimit, "rateLimit");
      if (issuer.isBlank()) throw new IllegalArgumentException("token.issuer must not be blank");
      if (audience.isBlank()) throw new IllegalArgumentException("token.audience must not be blank");
      requireWithin("token.ttl", ttl, Duration.ofSeconds(1), Duration.ofDays(1));
      requireWithin("token.max-lifetime", maxLifetime, ttl, Duration.ofDays(1));
      requireWithin("token.clock-skew", clockSkew, Duration.ZERO, Duration.ofMinutes(5));
      requireWithin("token.verify-timeout", verifyTimeout, Duration.ofMillis(1), Duration.ofMinutes(1));
      if (maxInFlight < 1) throw new IllegalArgumentException("token.max-in-flight must be >= 1");
    }
  }

  /**
   * {@code symphony.edge.token.rate-limit}: token buckets per source address and per client id.
   *
   * @param burst tokens in a full bucket
   * @param refillPerSecond tokens added back per second
   * @param failureCost tokens a failed client check takes (a success takes one)
   * @param maxTracked buckets (and trusted address/client pairs) kept at most, least recently used forgotten first
   * @param trustedFor how long a client that authenticated from an address passes that address's bucket
   */
  public record RateLimit(int burst, double refillPerSecond, int failureCost, int maxTracked, Duration trustedFor) {

    public RateLimit {
      if (burst < 1) throw new IllegalArgumentException("token.rate-limit.burst must be >= 1");
      if (!(refillPerSecond > 0)) throw new IllegalArgumentException("token.rate-limit.refill-per-second must be > 0");
      if (failureCost < 1 || failureCost > burst)
        throw new IllegalArgumentException("token.rate-limit.failure-cost must be in [1, burst]");
      if (maxTracked < 1) throw new IllegalArgumentException("token.rate-limit.max-tracked must be >= 1");
      requireWithin("token.rate-limit.trusted-for", trustedFor, Duration.ZERO, Duration.ofDays(7));
    }
  }

  public EdgeSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(callbacks, "callbacks");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    if (maxBodyBytes < 256 || maxBodyBytes > 1024 * 1024)
      throw new IllegalArgumentException("max-body-bytes must be in [256, 1 MiB]: " + maxBodyBytes);
    if (maxInFlight < 1 || maxReadsInFlight < 1)
      throw new IllegalArgumentException("admission limits must be >= 1");
    requireWithin("body-read-timeout", bodyReadTimeout, Duration.ofMillis(1), Duration.ofMinutes(1));
    requireWithin("engine-timeout", engineTimeout, Duration.ofMillis(1), Duration.ofMinutes(5));
    requireWithin("retry-after", retryAfter, Duration.ofSeconds(1), Duration.ofMinutes(10));
  }

  /** Reads {@code symphony.edge} from the node's (or a test's) root config. */
  public static EdgeSettings fromConfig(Config root) {
    Config c = root.getConfig("symphony.edge");
    Config t = c.getConfig("token");
    String keyFile = t.getString("key-file").strip();
    return new EdgeSettings(
        c.getString("host"),
        c.getInt("port"),
        c.getBytes("max-body-bytes"),
        c.getDuration("body-read-timeout"),
        c.getInt("admission.max-in-flight"),
        c.getInt("admission.max-reads-in-flight"),
        c.getDuration("engine-timeout"),
        c.getDuration("retry-after"),
        CallbackSettings.fromConfig(c.getConfig("callbacks")),
        new Token(
            t.getString("issuer"),
            t.getString("audience"),
            t.getDuration("ttl"),
            t.getDuration("max-lifetime"),
            keyFile.isEmpty() ? Optional.empty() : Optional.of(Path.of(keyFile)),
            t.getDuration("clock-skew"),
            t.getDuration("verify-timeout"),
            t.getInt("max-in-flight"),
            new RateLimit(
                t.getInt("rate-limit.burst"),
                t.getDouble("rate-limit.refill-per-second"),
                t.getInt("rate-limit.failure-cost"),
                t.getInt("rate-limit.max-tracked"),
                t.getDuration("rate-limit.trusted-for"))));
  }

  private static void requireWithin(String name, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0)
      throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]: " + value);
  }
}
