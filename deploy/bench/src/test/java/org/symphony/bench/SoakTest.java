package org.symphony.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class SoakTest {

  private static List<Soak.Sample> heaps(double... mib) {
    return java.util.stream.IntStream.range(0, mib.length).mapToObj(i -> new Soak.Sample((i + 1) * 100_000L, mib[i])).toList();
  }

  @Test
  void aHeapThatStaysWithinTenPercentOfItsFirstSampleAfterWarmUpIsFlat() {
    // The warm-up sample (80 MiB) is left out: growth from it is caches filling, not a leak.
    Soak.Summary s = Soak.judge(heaps(80, 200, 230, 210, 219), 1);
    assertTrue(s.flat());
    assertEquals(200, s.firstAfterWarmUpMiB(), 1e-9);
    assertEquals(230, s.maxAfterWarmUpMiB(), 1e-9);
    assertEquals(219, s.lastMiB(), 1e-9);
  }

  @Test
  void aHeapThatKeepsGrowingAfterWarmUpIsNotFlat() {
    Soak.Summary s = Soak.judge(heaps(80, 200, 260, 320, 380), 1);
    assertFalse(s.flat());
    assertEquals(380, s.maxAfterWarmUpMiB(), 1e-9);
  }

  @Test
  void withoutASampleAfterWarmUpNothingIsJudgedFlat() {
    Soak.Summary s = Soak.judge(heaps(80, 90), 2);
    assertFalse(s.flat());
    assertTrue(Double.isNaN(s.maxAfterWarmUpMiB()));
  }
}
