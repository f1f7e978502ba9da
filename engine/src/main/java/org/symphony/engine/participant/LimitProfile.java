package org.symphony.engine.participant;

import java.util.Map;
import java.util.Optional;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.serialization.CborSerializable;

/**
 * Policy caps of a participant, per currency, in minor units. A currency without an entry is not
 * capped at this level. Hourly, daily and net-debit caps join this record with the limits issue.
 */
public record LimitProfile(Map<Currency, Long> maxSingleMinor) implements CborSerializable {

  public LimitProfile {
    maxSingleMinor = Map.copyOf(maxSingleMinor);
  }

  public static LimitProfile unlimited() {
    return new LimitProfile(Map.of());
  }

  public Optional<Money> maxSingle(Currency currency) {
    Long cap = maxSingleMinor.get(currency);
    return cap == null ? Optional.empty() : Optional.of(new Money(cap, currency));
  }
}
