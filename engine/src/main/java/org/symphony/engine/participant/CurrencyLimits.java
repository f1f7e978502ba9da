package org.symphony.engine.participant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.serialization.CborSerializable;

/**
 * The caps of one currency, in minor units. Each is optional: null means "not capped". Nullable fields
 * rather than Optional so that the record stays a plain Jackson/CBOR value.
 *
 * @param maxSingleMinor largest single instruction
 * @param hourlyCapMinor most sequenced within a rolling hour (released amounts excluded)
 * @param dailyCapMinor most sequenced within a rolling 24 hours (released amounts excluded)
 * @param netDebitCapMinor most outflow outstanding: reserved + committed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CurrencyLimits(Long maxSingleMinor, Long hourlyCapMinor, Long dailyCapMinor, Long netDebitCapMinor)
    implements CborSerializable {

  public static final CurrencyLimits NONE = new CurrencyLimits(null, null, null, null);

  public CurrencyLimits withMaxSingleMinor(Long minor) {
    return new CurrencyLimits(minor, hourlyCapMinor, dailyCapMinor, netDebitCapMinor);
  }

  public CurrencyLimits withHourlyCapMinor(Long minor) {
    return new CurrencyLimits(maxSingleMinor, minor, dailyCapMinor, netDebitCapMinor);
  }

  public CurrencyLimits withDailyCapMinor(Long minor) {
    return new CurrencyLimits(maxSingleMinor, hourlyCapMinor, minor, netDebitCapMinor);
  }

  public CurrencyLimits withNetDebitCapMinor(Long minor) {
    return new CurrencyLimits(maxSingleMinor, hourlyCapMinor, dailyCapMinor, minor);
  }

  /** True when nothing is capped; such an entry is dropped from a LimitProfile. */
  @JsonIgnore
  public boolean isEmpty() {
    return maxSingleMinor == null && hourlyCapMinor == null && dailyCapMinor == null && netDebitCapMinor == null;
  }

  Optional<Money> maxSingle(Currency c) {
    return money(maxSingleMinor, c);
  }

  Optional<Money> hourlyCap(Currency c) {
    return money(hourlyCapMinor, c);
  }

  Optional<Money> dailyCap(Currency c) {
    return money(dailyCapMinor, c);
  }

  Optional<Money> netDebitCap(Currency c) {
    return money(netDebitCapMinor, c);
  }

  /**
   * What is wrong with this as operator input; empty when acceptable. A cap of 0 is allowed (it blocks
   * the currency); a negative cap is not. A cap that can never bind because a tighter one sits below it
   * (hourly above daily, single above hourly or daily) is reported as the typo it most likely is.
   */
  List<String> problems(Currency c) {
    List<String> problems = new ArrayList<>();
    negative(problems, c, "maxSingleMinor", maxSingleMinor);
    negative(problems, c, "hourlyCapMinor", hourlyCapMinor);
    negative(problems, c, "dailyCapMinor", dailyCapMinor);
    negative(problems, c, "netDebitCapMinor", netDebitCapMinor);
    if (!problems.isEmpty()) return problems;
    above(problems, c, "hourlyCapMinor", hourlyCapMinor, "dailyCapMinor", dailyCapMinor);
    above(problems, c, "maxSingleMinor", maxSingleMinor, "hourlyCapMinor", hourlyCapMinor);
    above(problems, c, "maxSingleMinor", maxSingleMinor, "dailyCapMinor", dailyCapMinor);
    return problems;
  }

  private static void negative(List<String> problems, Currency c, String name, Long minor) {
    if (minor != null && minor < 0) problems.add(c + " " + name + " must not be negative: " + minor);
  }

  private static void above(List<String> problems, Currency c, String name, Long minor, String otherName, Long other) {
    if (minor != null && other != null && minor > other)
      problems.add(c + " " + name + " " + minor + " is above " + otherName + " " + other + " and could never bind");
  }

  private static Optional<Money> money(Long minor, Currency c) {
    return minor == null ? Optional.empty() : Optional.of(new Money(minor, c));
  }
}
