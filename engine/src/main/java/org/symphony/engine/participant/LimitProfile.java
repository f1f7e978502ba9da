package org.symphony.engine.participant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.serialization.CborSerializable;

/**
 * Policy caps of a participant, per currency. A currency without an entry, or a cap left out, is not
 * capped. Entries with no cap at all are dropped, so two profiles that cap the same things are equal
 * (a change to identical limits is recognised as no change).
 */
public record LimitProfile(Map<Currency, CurrencyLimits> byCurrency) implements CborSerializable {

  public LimitProfile {
    EnumMap<Currency, CurrencyLimits> canonical = new EnumMap<>(Currency.class);
    if (byCurrency != null) byCurrency.forEach((c, l) -> {
      if (l != null && !l.isEmpty()) canonical.put(c, l);
    });
    byCurrency = Map.copyOf(canonical);
  }

  /** Also reads snapshots written when the profile held only single caps, so no cap is silently lost. */
  @JsonCreator
  static LimitProfile fromJson(
      @JsonProperty("byCurrency") Map<Currency, CurrencyLimits> byCurrency,
      @JsonProperty("maxSingleMinor") Map<Currency, Long> legacyMaxSingleMinor) {
    EnumMap<Currency, CurrencyLimits> all = new EnumMap<>(Currency.class);
    if (legacyMaxSingleMinor != null)
      legacyMaxSingleMinor.forEach((c, minor) -> all.put(c, CurrencyLimits.NONE.withMaxSingleMinor(minor)));
    if (byCurrency != null) all.putAll(byCurrency);
    return new LimitProfile(all);
  }

  public static LimitProfile unlimited() {
    return new LimitProfile(Map.of());
  }

  public static LimitProfile of(Currency currency, CurrencyLimits limits) {
    return unlimited().with(currency, limits);
  }

  public LimitProfile with(Currency currency, CurrencyLimits limits) {
    EnumMap<Currency, CurrencyLimits> copy = new EnumMap<>(Currency.class);
    copy.putAll(byCurrency);
    copy.put(currency, limits);
    return new LimitProfile(copy);
  }

  public CurrencyLimits limitsFor(Currency currency) {
    return byCurrency.getOrDefault(currency, CurrencyLimits.NONE);
  }

  public Optional<Money> maxSingle(Currency currency) {
    return limitsFor(currency).maxSingle(currency);
  }

  public Optional<Money> hourlyCap(Currency currency) {
    return limitsFor(currency).hourlyCap(currency);
  }

  public Optional<Money> dailyCap(Currency currency) {
    return limitsFor(currency).dailyCap(currency);
  }

  public Optional<Money> netDebitCap(Currency currency) {
    return limitsFor(currency).netDebitCap(currency);
  }

  /** What is wrong with this profile as operator input, one line per problem; empty when it may be applied. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (Currency c : Currency.values()) if (byCurrency.containsKey(c)) problems.addAll(byCurrency.get(c).problems(c));
    return problems;
  }
}
