package org.symphony.rails.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** A seed replays a simulator's fault decisions; rails and seeds do not share them. */
class FaultDiceTest {

  private static BitSet decisions(FaultDice dice, int n, double rate) {
    BitSet hits = new BitSet(n);
    for (int i = 0; i < n; i++) if (dice.roll(rate)) hits.set(i);
    return hits;
  }

  @Test
  void theSameSeedReplaysTheSameDecisions() {
    BitSet first = decisions(FaultDice.forRail("mtn-momo", 42), 10_000, 0.2);
    BitSet replay = decisions(FaultDice.forRail("mtn-momo", 42), 10_000, 0.2);
    assertEquals(first, replay);
    assertTrue(first.cardinality() > 1_500 && first.cardinality() < 2_500, "about a fifth: " + first.cardinality());
  }

  @Test
  void anotherSeedOrAnotherRailDrawsAnotherSequence() {
    BitSet mtn = decisions(FaultDice.forRail("mtn-momo", 42), 1_000, 0.5);
    assertNotEquals(mtn, decisions(FaultDice.forRail("mtn-momo", 43), 1_000, 0.5));
    assertNotEquals(mtn, decisions(FaultDice.forRail("airtel-money", 42), 1_000, 0.5));
  }

  @Test
  void noSeedConfiguredPicksOneAndShowsIt() {
    FaultDice picked = FaultDice.forRail("rtgs", 0);
    assertNotEquals(0, picked.seed());
    assertEquals(decisions(FaultDice.forRail("rtgs", picked.seed()), 1_000, 0.5), decisions(picked, 1_000, 0.5));
  }

  @Test
  void ratesZeroAndOneAreCertain() {
    FaultDice dice = FaultDice.forRail("rtgs", 7);
    assertTrue(decisions(dice, 1_000, 0).isEmpty());
    assertEquals(1_000, decisions(dice, 1_000, 1).cardinality());
  }
}
