package org.symphony.engine.money;

import java.math.BigDecimal;
import java.util.Objects;
import org.symphony.engine.serialization.CborSerializable;

/** An amount in minor units (ngwee, cents) of one currency. Always positive for an instruction. */
public record Money(long amountMinor, Currency currency) implements CborSerializable {

  public Money {
    Objects.requireNonNull(currency, "currency");
    if (amountMinor < 0) throw new IllegalArgumentException("amountMinor must not be negative: " + amountMinor);
  }

  public static Money zero(Currency currency) {
    return new Money(0, currency);
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
  }

  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.subtractExact(amountMinor, other.amountMinor), currency);
  }

  public boolean exceeds(Money other) {
    requireSameCurrency(other);
    return amountMinor > other.amountMinor;
  }

  /** Decimal text as participants write it: "150.00". */
  public String toDecimalString() {
    return BigDecimal.valueOf(amountMinor, currency.minorDigits()).toPlainString();
  }

  private void requireSameCurrency(Money other) {
    if (other.currency != currency)
      throw new IllegalArgumentException("currency mismatch: " + currency + " vs " + other.currency);
  }

  @Override
  public String toString() {
    return toDecimalString() + " " + currency;
  }
}
