package org.symphony.rails.rtgs;

import java.util.UUID;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailTransfer;

/** Bank-account rail transfers for RTGS tests, each with a fresh instruction id (hence a fresh rail key). */
public final class RtgsTransfers {

  public static final String GOOD_BIC = "ZNCOZMLU";
  public static final String GOOD_ACCOUNT = "1234567890";
  /** The simulator rejects this creditor account with AC01 after the completion delay. */
  public static final String INCORRECT_ACCOUNT = "0000000000";
  /** The simulator knows no participant with this BIC: RC01 at once. */
  public static final String UNKNOWN_BIC = "XXXXZMLU";

  private RtgsTransfers() {}

  public static RailTransfer to(String bic, String account) {
    String instructionId = "ins-" + UUID.randomUUID();
    return new RailTransfer(
        instructionId,
        RailKey.forInstruction(instructionId),
        "participant-1",
        new Money(15_000, Currency.ZMW),
        new Creditor.BankAccount(bic, account, "Chanda Mulenga"),
        "INV-2024-0042");
  }

  public static RailTransfer good() {
    return to(GOOD_BIC, GOOD_ACCOUNT);
  }

  public static String messageId(RailTransfer transfer) {
    return RtgsRail.messageIdOf(transfer.railKey());
  }

  /** The pacs.008 the adapter would send for this transfer (instructing agent SYMPZMLU), as text. */
  public static String pacs008(RailTransfer transfer) {
    return new String(
        Pacs008.write(transfer, (Creditor.BankAccount) transfer.creditor(), "SYMPZMLU", java.time.Instant.now()),
        java.nio.charset.StandardCharsets.UTF_8);
  }
}
