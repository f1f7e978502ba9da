package org.symphony.audit.attest;

import java.time.Duration;
import java.util.Objects;

/** Range checks for settings; every bound of the audit module is validated when it is read. */
final class Bounds {

  private Bounds() {}

  static void requireWithin(String name, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0)
      throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]: " + value);
  }

  static void requireWithin(String name, long value, long min, long max) {
    if (value < min || value > max)
      throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]: " + value);
  }
}
