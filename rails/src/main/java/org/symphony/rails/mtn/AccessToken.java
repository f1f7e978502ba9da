package org.symphony.rails.mtn;

import java.time.Duration;

/** An OAuth access token and the monotonic time (System.nanoTime) after which it is no longer used. */
record AccessToken(String value, long refreshAtNanos) {

  /** Refresh a little before the rail's expiry so a token never expires in flight. */
  static AccessToken issuedNow(String value, Duration expiresIn, long nowNanos) {
    Duration margin = expiresIn.dividedBy(10);
    if (margin.compareTo(Duration.ofMinutes(1)) > 0) margin = Duration.ofMinutes(1);
    return new AccessToken(value, nowNanos + expiresIn.minus(margin).toNanos());
  }

  boolean usableAt(long nowNanos) {
    return nowNanos - refreshAtNanos < 0;
  }

  @Override
  public String toString() {
    return "AccessToken[***]";
  }
}
