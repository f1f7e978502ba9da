package org.symphony.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.symphony.engine.rail.RailResult;

/** An operator must tell a rail that answers nothing useful from calls the node itself kept back. */
class MeteredRailOutcomeTest {

  @Test
  void aCallTheNodeDidNotSendIsCountedApartFromTheRailsUnknowns() {
    assertEquals("not_asked", MeteredRail.outcomeOf(new RailResult.NotAsked("not sent: all 32 connections busy")));
    assertEquals("unknown", MeteredRail.outcomeOf(new RailResult.Unknown("timeout")));
    assertEquals("completed", MeteredRail.outcomeOf(new RailResult.Completed("tx")));
  }
}
