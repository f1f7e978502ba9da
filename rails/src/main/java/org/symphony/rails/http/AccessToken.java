package org.symphony.rails.http;

import java.time.Duration;

/** A rail's OAuth access token and the monotonic time (System.nanoTime) from which it is no longer used. */
public record AccessToken(String value, long refreshAtNanos) {

  private static final Duration MAX_MARGIN = Duration.ofMinutes(1);

  /**
   * Refreshed a quarter of its lifetime early, at most a minute (MTN's hour-long tokens: 59 minutes; Airtel's
   * 180 s ones: 135 s), so a token picked for a call never expires while that call is on its way.
   */
  public static AccessToken issuedNow(String value, Duration expiresIn, long nowNanos) {
    Duration margin = expiresIn.dividedBy(4);
    if (margin.compareTo(MAX_MARGIN) > 0) margin = MAX_MARGIN;
    return new AccessToken(value, nowNanos + expiresIn.minus(margin).toNanos());
  }

  public boolean usableAt(long nowNanos) {
    return nowNanos - refreshAtNanos < 0;
  }

  @Override
  public String toString() {
    return "AccessToken[***]";
  }
}
