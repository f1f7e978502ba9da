package org.symphony.engine.money;

import java.util.Optional;

/** ISO 4217 currencies Symphony accepts, with their minor-unit exponent. Amounts are never floating point. */
public enum Currency {
  ZMW(2),
  USD(2);

  private final int minorDigits;

  Currency(int minorDigits) {
    this.minorDigits = minorDigits;
  }

  public int minorDigits() {
    return minorDigits;
  }

  public static Optional<Currency> parse(String code) {
    if (code == null) return Optional.empty();
    for (Currency c : values()) if (c.name().equals(code)) return Optional.of(c);
    return Optional.empty();
  }
}
