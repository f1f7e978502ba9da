package org.symphony.rails.testing;

import java.util.UUID;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailTransfer;

/** Rail transfers for tests, each with a fresh instruction id (hence a fresh rail key). */
public final class Transfers {

  /** The simulator fails payees whose number ends with "0000". */
  public static final String FAILING_MSISDN = "+260960000000";
  public static final String GOOD_MSISDN = "+260961234567";

  private Transfers() {}

  public static RailTransfer toWallet(String msisdn) {
    String instructionId = "ins-" + UUID.randomUUID();
    return new RailTransfer(
        instructionId,
        RailKey.forInstruction(instructionId),
        "participant-1",
        new Money(15_000, Currency.ZMW),
        new Creditor.MobileWallet(msisdn),
        "INV-2024-0042");
  }

  public static RailTransfer good() {
    return toWallet(GOOD_MSISDN);
  }
}
