package org.symphony.engine.participant;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;

/** The bounded per-minute record behind the rolling hourly and daily caps. */
class RollingUsageTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:30Z");

  @Test
  void anAmountCountsHourlyForAtLeast60AndUnder61MinutesAndDailyForAtLeast24Hours() {
    var usage = RollingUsage.empty().plusSequenced(zmw(700), T0);
    assertEquals(zmw(700), usage.hourly(Currency.ZMW, T0.plus(Duration.ofMinutes(60))));
    assertEquals(zmw(0), usage.hourly(Currency.ZMW, T0.plus(Duration.ofMinutes(61))));
    assertEquals(zmw(700), usage.daily(Currency.ZMW, T0.plus(Duration.ofMinutes(1440))));
    assertEquals(zmw(0), usage.daily(Currency.ZMW, T0.plus(Duration.ofMinutes(1441))));
    assertEquals(new Money(0, Currency.USD), usage.daily(Currency.USD, T0));
  }

  @Test
  void aReleaseTakesTheAmountOutOfTheMinuteItWasSequencedIn() {
    var usage = RollingUsage.empty().plusSequenced(zmw(100), T0).plusSequenced(zmw(50), T0.plus(Duration.ofMinutes(30)));
    usage = usage.minusReleased(zmw(100), T0);
    assertEquals(zmw(50), usage.hourly(Currency.ZMW, T0.plus(Duration.ofMinutes(31))));
    // Released after it left the day: nothing to take back, nothing goes negative.
    var late = usage.plusSequenced(zmw(1), T0.plus(Duration.ofDays(2)));
    assertSame(late, late.minusReleased(zmw(50), T0.plus(Duration.ofMinutes(30))));
    assertThrows(IllegalStateException.class, () -> RollingUsage.empty().plusSequenced(zmw(1), T0).minusReleased(zmw(2), T0));
  }

  @Test
  void retainsAtMostTheLatestMinuteAndThe1440BeforeItPerCurrency() {
    var usage = RollingUsage.empty();
    for (int m = 0; m < 3 * 1440; m++) usage = usage.plusSequenced(zmw(1), T0.plus(Duration.ofMinutes(m)));
    Instant last = T0.plus(Duration.ofMinutes(3 * 1440 - 1));
    assertEquals(1441, usage.toStored().buckets().size());
    assertEquals(zmw(1441), usage.daily(Currency.ZMW, last));
    assertEquals(zmw(61), usage.hourly(Currency.ZMW, last));
  }

  @Test
  void anEventFromAClockThatSteppedBackStillCounts() {
    var usage = RollingUsage.empty().plusSequenced(zmw(10), T0).plusSequenced(zmw(5), T0.minus(Duration.ofMinutes(90)));
    assertEquals(zmw(15), usage.daily(Currency.ZMW, T0));
    // Older than the retained day: counted in the oldest retained minute rather than dropped.
    usage = usage.plusSequenced(zmw(7), T0.minus(Duration.ofDays(3)));
    assertEquals(zmw(22), usage.daily(Currency.ZMW, T0));
  }

  @Test
  void agreesWithAPlainListOfAmountsUnderRandomTraffic() {
    Random random = new Random(42);
    List<Entry> live = new ArrayList<>();
    var usage = RollingUsage.empty();
    Instant now = T0;
    for (int step = 0; step < 5_000; step++) {
      // Mostly small steps, sometimes a jump of hours or days, so the ring wraps and resets.
      now = now.plusSeconds(random.nextInt(10) == 0 ? random.nextInt(3 * 86_400) : random.nextInt(120));
      Currency c = random.nextBoolean() ? Currency.ZMW : Currency.USD;
      if (!live.isEmpty() && random.nextInt(3) == 0) {
        Entry released = live.remove(random.nextInt(live.size()));
        usage = usage.minusReleased(released.amount(), released.at());
      } else {
        Entry e = new Entry(new Money(1 + random.nextInt(1_000), c), now);
        live.add(e);
        usage = usage.plusSequenced(e.amount(), e.at());
      }
      Instant query = now.plusSeconds(random.nextInt(7_200));
      long queryMinute = RollingUsage.minuteOf(query);
      for (Currency q : Currency.values()) {
        assertEquals(expected(live, q, queryMinute - 60), usage.hourly(q, query).amountMinor(), "hourly at step " + step);
        assertEquals(expected(live, q, queryMinute - 1440), usage.daily(q, query).amountMinor(), "daily at step " + step);
      }
    }
  }

  private record Entry(Money amount, Instant at) {}

  /** The documented rule, plainly: every live amount sequenced in or after the window's first minute. */
  private static long expected(List<Entry> live, Currency c, long fromMinute) {
    return live.stream()
        .filter(e -> e.amount().currency() == c && RollingUsage.minuteOf(e.at()) >= fromMinute)
        .mapToLong(e -> e.amount().amountMinor())
        .sum();
  }

  @Test
  void survivesAJsonRoundTripUnchanged() throws Exception {
    var usage = RollingUsage.empty()
        .plusSequenced(zmw(100), T0)
        .plusSequenced(new Money(5, Currency.USD), T0.plus(Duration.ofMinutes(2)))
        .plusSequenced(zmw(1), T0.plus(Duration.ofMinutes(1500)));
    ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    var back = json.readValue(json.writeValueAsString(usage), RollingUsage.class);
    assertEquals(usage, back);
    Instant at = T0.plus(Duration.ofMinutes(1500));
    assertEquals(usage.daily(Currency.USD, at), back.daily(Currency.USD, at));
  }

  private static Money zmw(long minor) {
    return new Money(minor, Currency.ZMW);
  }
}
