package org.symphony.engine.money;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Parses the decimal string a participant sends into minor units, refusing anything a human would not
 * mean as an amount: exponents, signs, more decimals than the currency has, zero, or more than the cap.
 */
public final class AmountParser {

  /** Largest single amount accepted at all, in major units: a sanity bound, not a participant limit. */
  public static final long MAX_MAJOR_UNITS = 1_000_000_000L;

  private static final Pattern DECIMAL = Pattern.compile("^[0-9]{1,13}(\\.[0-9]{1,18})?$");

  public sealed interface Result permits Parsed, Invalid {}

  public record Parsed(Money money) implements Result {}

  /** code is one of AMOUNT_INVALID, AMOUNT_NOT_POSITIVE, AMOUNT_TOO_PRECISE, AMOUNT_TOO_LARGE. */
  public record Invalid(String code, String detail) implements Result {}

  private AmountParser() {}

  public static Result parse(String value, Currency currency) {
    if (value == null || value.isEmpty())
      return new Invalid("AMOUNT_INVALID", "amount.value is required as a decimal string such as \"150.00\"");
    if (value.startsWith("-"))
      return new Invalid("AMOUNT_NOT_POSITIVE", "amount.value must be greater than zero");
    if (!DECIMAL.matcher(value).matches())
      return new Invalid("AMOUNT_INVALID", "amount.value must be a plain decimal string such as \"150.00\"");
    BigDecimal decimal = new BigDecimal(value);
    if (decimal.signum() <= 0) return new Invalid("AMOUNT_NOT_POSITIVE", "amount.value must be greater than zero");
    BigDecimal stripped = decimal.stripTrailingZeros();
    if (stripped.scale() > currency.minorDigits())
      return new Invalid(
          "AMOUNT_TOO_PRECISE",
          currency + " has " + currency.minorDigits() + " decimal places; got " + value);
    if (decimal.compareTo(BigDecimal.valueOf(MAX_MAJOR_UNITS)) > 0)
      return new Invalid("AMOUNT_TOO_LARGE", "amount.value must not exceed " + MAX_MAJOR_UNITS);
    long minor = decimal.movePointRight(currency.minorDigits()).longValueExact();
    return new Parsed(new Money(minor, currency));
  }
}
