package org.symphony.node.scenario;

import java.util.List;
import org.symphony.engine.rail.RailKey;
import org.symphony.rails.rtgs.RtgsRail;

/** The three sandbox rails a scenario spreads its instructions over, and how their strike ledgers name a transfer. */
final class Rails {

  static final String MTN = "mtn-momo";
  static final String AIRTEL = "airtel-money";
  static final String RTGS = "rtgs";
  static final List<String> ALL = List.of(MTN, AIRTEL, RTGS);

  private Rails() {}

  /** The reference the rail's simulator records an instruction's execution under (INV-ONCE). */
  static String ledgerKey(String rail, String instructionId) {
    RailKey key = RailKey.forInstruction(instructionId);
    return RTGS.equals(rail) ? RtgsRail.messageIdOf(key) : key.value();
  }
}
