package org.symphony.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.symphony.engine.rail.RailKey;

/** The strike ledgers' references map back to the rail keys of the read model (else INV-ONCE reads nothing). */
class InvariantsTest {

  @Test
  void everyRailsReferenceIsReadAsTheRailKey() {
    String key = RailKey.forInstruction("instruction-1").value();
    assertEquals(key, Invariants.railKeyOf(key), "MTN and Airtel: the key itself");
    String rtgsMessageId = "SYM" + key.replace("-", "").toUpperCase(Locale.ROOT);
    assertEquals(key, Invariants.railKeyOf(rtgsMessageId), "RTGS: its pacs.008 MsgId");
    assertEquals("not-a-key", Invariants.railKeyOf("not-a-key"), "anything else is kept as it is (and then counted as unknown)");
  }
}
