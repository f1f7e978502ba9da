package org.symphony.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.symphony.edge.EdgeSettings;

class TokenThrottleTest {

  private final AtomicLong nanos = new AtomicLong();
  private final TokenThrottle throttle =
      new TokenThrottle(new EdgeSettings.RateLimit(10, 1, 5, 100, Duration.ofHours(1)), nanos::get);

  @Test
  void aGuesserOnOneAddressRunsDryButAnEstablishedClientThereStillPasses() {
    ((TokenThrottle.Admitted) throttle.admit("10.0.0.1", "bank-a")).ticket().succeeded();
    // 10 - 5 - 5 (two failures) = 0 tokens left: less than a failure's cost
    ((TokenThrottle.Admitted) throttle.admit("10.0.0.1", "guess-0")).ticket().failed();
    ((TokenThrottle.Admitted) throttle.admit("10.0.0.1", "guess-1")).ticket().failed();

    TokenThrottle.Refused refused = assertInstanceOf(TokenThrottle.Refused.class, throttle.admit("10.0.0.1", "guess-x"));
    assertEquals(Duration.ofSeconds(5), refused.retryAfter(), "a failure's cost at one token a second");
    assertInstanceOf(TokenThrottle.Admitted.class, throttle.admit("10.0.0.1", "bank-a"));
    assertInstanceOf(TokenThrottle.Admitted.class, throttle.admit("10.0.0.2", "guess-y"), "another address has its own bucket");
  }

  @Test
  void onlyFailuresDrainABucketAndItRefills() {
    for (int i = 0; i < 9; i++) ((TokenThrottle.Admitted) throttle.admit("10.0.0.3", "c-" + i)).ticket().undecided();
    for (int i = 0; i < 50; i++) ((TokenThrottle.Admitted) throttle.admit("10.0.0.4", "n-" + i)).ticket().succeeded();
    ((TokenThrottle.Admitted) throttle.admit("10.0.0.4", "wrong-0")).ticket().failed();
    ((TokenThrottle.Admitted) throttle.admit("10.0.0.4", "wrong-1")).ticket().failed();
    assertInstanceOf(TokenThrottle.Refused.class, throttle.admit("10.0.0.4", "n-50"), "fifty successes took nothing, two failures all");
    ((TokenThrottle.Admitted) throttle.admit("10.0.0.5", "x")).ticket().failed();
    ((TokenThrottle.Admitted) throttle.admit("10.0.0.5", "y")).ticket().failed();
    assertInstanceOf(TokenThrottle.Refused.class, throttle.admit("10.0.0.5", "z"));
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    assertInstanceOf(TokenThrottle.Admitted.class, throttle.admit("10.0.0.5", "z"));
  }

  @Test
  void aWrongSecretEndsTheTrust() {
    ((TokenThrottle.Admitted) throttle.admit("10.0.0.6", "bank-b")).ticket().succeeded();
    ((TokenThrottle.Admitted) throttle.admit("10.0.0.6", "bank-b")).ticket().failed(); // trusted, so charged after
    ((TokenThrottle.Admitted) throttle.admit("10.0.0.6", "bank-b")).ticket().failed(); // no longer trusted: 10 - 5 - 5
    assertInstanceOf(TokenThrottle.Refused.class, throttle.admit("10.0.0.6", "bank-b"));
  }
}
