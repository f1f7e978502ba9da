package org.symphony.rails.airtel;

import java.time.Duration;

/** An Airtel OAuth access token and the monotonic time (System.nanoTime) from which it is no longer used. */
record AirtelAccessToken(String value, long refreshAtNanos) {

  private static final Duration MAX_MARGIN = Duration.ofSeconds(30);

  /**
   * Airtel tokens live about 180 s; refresh a quarter of the lifetime (at most 30 s) early, so a token
   * picked for a call never expires while that call is on its way.
   */
  static AirtelAccessToken issuedNow(String value, Duration expiresIn, long nowNanos) {
    Duration margin = expiresIn.dividedBy(4);
    if (margin.compareTo(MAX_MARGIN) > 0) margin = MAX_MARGIN;
    return new AirtelAccessToken(value, nowNanos + expiresIn.minus(margin).toNanos());
  }

  boolean usableAt(long nowNanos) {
    return nowNanos - refreshAtNanos < 0;
  }

  @Override
  public String toString() {
    return "AirtelAccessToken[***]";
  }
}
