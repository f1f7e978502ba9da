package org.symphony.node.scenario;

/** A fault setting drawn by the seed between two bounds (a rate, or milliseconds). */
public record FaultRange(double min, double max) {

  public FaultRange {
    if (!(min >= 0 && max >= min)) throw new IllegalArgumentException("fault range must be 0 <= min <= max: " + min + ".." + max);
  }
}
