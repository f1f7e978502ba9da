package org.symphony.audit.reconcile;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A hole is asked about when found, then at most once per interval, with bounded memory. */
class HoleNudgesTest {

  private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

  @Test
  void aHoleIsAskedWhenFoundThenOncePerIntervalNotEveryCycle() {
    var nudges = new HoleNudges(Duration.ofMinutes(1), 100);
    assertTrue(nudges.due("bank-a", 7, T0), "found: asked");
    for (int cycle = 1; cycle < 6; cycle++)
      assertFalse(nudges.due("bank-a", 7, T0.plusSeconds(10L * cycle)), "cycle " + cycle + " within the interval");
    assertTrue(nudges.due("bank-a", 7, T0.plusSeconds(60)), "an interval later: asked again");
    assertFalse(nudges.due("bank-a", 7, T0.plusSeconds(70)));
  }

  @Test
  void holesAreTrackedPerParticipantAndNumber() {
    var nudges = new HoleNudges(Duration.ofMinutes(1), 100);
    assertTrue(nudges.due("bank-a", 7, T0));
    assertTrue(nudges.due("bank-a", 8, T0));
    assertTrue(nudges.due("bank-b", 7, T0));
    assertFalse(nudges.due("bank-b", 7, T0.plusSeconds(1)));
  }

  @Test
  void aClosedHoleIsForgottenAndAskedAgainIfItEverReappears() {
    var nudges = new HoleNudges(Duration.ofMinutes(1), 100);
    assertTrue(nudges.due("bank-a", 7, T0));
    nudges.closed("bank-a", 7);
    assertEquals(0, nudges.remembered());
    assertTrue(nudges.due("bank-a", 7, T0.plusSeconds(1)));
  }

  @Test
  void memoryIsBoundedAndTheOldestAskedIsForgottenFirst() {
    var nudges = new HoleNudges(Duration.ofMinutes(1), 3);
    for (long seq = 1; seq <= 3; seq++) assertTrue(nudges.due("bank-a", seq, T0));
    assertTrue(nudges.due("bank-a", 4, T0.plusSeconds(1)));
    assertEquals(3, nudges.remembered());
    assertTrue(nudges.due("bank-a", 1, T0.plusSeconds(2)), "the oldest was forgotten: asked again, which is safe");
    assertFalse(nudges.due("bank-a", 4, T0.plusSeconds(2)), "a recent one is still remembered");
  }
}
