package org.symphony.engine.participant;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;

/** Operator input for limits: validation as a list of problems, canonical equality, stored forms. */
class LimitProfileTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void everyCapIsOptionalAndAbsentMeansNotCapped() {
    var profile = LimitProfile.of(Currency.ZMW, CurrencyLimits.NONE.withDailyCapMinor(5_000L));
    assertEquals(new Money(5_000, Currency.ZMW), profile.dailyCap(Currency.ZMW).orElseThrow());
    assertTrue(profile.maxSingle(Currency.ZMW).isEmpty());
    assertTrue(profile.hourlyCap(Currency.ZMW).isEmpty());
    assertTrue(profile.netDebitCap(Currency.ZMW).isEmpty());
    assertTrue(profile.dailyCap(Currency.USD).isEmpty());
    assertEquals(List.of(), profile.problems());
  }

  @Test
  void negativeCapsAreReportedOneProblemEach() {
    var profile = LimitProfile.of(
        Currency.ZMW, new CurrencyLimits(-1L, -2L, 10L, -3L));
    assertEquals(
        List.of(
            "ZMW maxSingleMinor must not be negative: -1",
            "ZMW hourlyCapMinor must not be negative: -2",
            "ZMW netDebitCapMinor must not be negative: -3"),
        profile.problems());
  }

  @Test
  void capsThatCouldNeverBindAreReported() {
    var profile = LimitProfile.of(Currency.USD, new CurrencyLimits(600L, 500L, 400L, null));
    assertEquals(
        List.of(
            "USD hourlyCapMinor 500 is above dailyCapMinor 400 and could never bind",
            "USD maxSingleMinor 600 is above hourlyCapMinor 500 and could never bind",
            "USD maxSingleMinor 600 is above dailyCapMinor 400 and could never bind"),
        profile.problems());
  }

  @Test
  void zeroAndEqualCapsAreAccepted() {
    assertEquals(List.of(), LimitProfile.of(Currency.ZMW, new CurrencyLimits(0L, 0L, 0L, 0L)).problems());
    assertEquals(List.of(), LimitProfile.of(Currency.ZMW, new CurrencyLimits(100L, 100L, 100L, 100L)).problems());
  }

  @Test
  void aCurrencyWithNoCapIsTheSameAsNoEntry() {
    assertEquals(LimitProfile.unlimited(), LimitProfile.of(Currency.ZMW, CurrencyLimits.NONE));
    assertEquals(LimitProfile.unlimited(), new LimitProfile(null));
  }

  @Test
  void survivesAJsonRoundTrip() throws Exception {
    var profile = LimitProfile.of(Currency.ZMW, new CurrencyLimits(100L, null, 5_000L, 9_000L))
        .with(Currency.USD, CurrencyLimits.NONE.withHourlyCapMinor(7L));
    assertEquals(profile, json.readValue(json.writeValueAsString(profile), LimitProfile.class));
  }

  @Test
  void readsProfilesStoredWhenOnlySingleCapsExistedWithoutLosingThem() throws Exception {
    var legacy = json.readValue("{\"maxSingleMinor\":{\"ZMW\":1000}}", LimitProfile.class);
    assertEquals(LimitProfile.of(Currency.ZMW, CurrencyLimits.NONE.withMaxSingleMinor(1_000L)), legacy);
    assertEquals(Map.of(), json.readValue("{}", LimitProfile.class).byCurrency());
  }
}
