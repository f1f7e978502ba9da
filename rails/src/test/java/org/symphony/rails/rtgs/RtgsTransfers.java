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

  /** Settings as in reference.conf, instructing agent SYMPZMLU, for writing messages without a rail. */
  public static RtgsSettings settings() {
    return new RtgsSettings("http://127.0.0.1:1", "SYMPZMLU", java.time.Duration.ofSeconds(5));
  }

  /** The business message (AppHdr + pacs.008) the adapter would send for this transfer, as bytes. */
  public static byte[] businessMessage(RailTransfer transfer, RtgsSettings settings, java.time.Instant now) {
    return Pacs008.write(transfer, (Creditor.BankAccount) transfer.creditor(), settings, now);
  }

  /** The business message the adapter would send for this transfer now, as text. */
  public static String pacs008(RailTransfer transfer) {
    return new String(businessMessage(transfer, settings(), java.time.Instant.now()), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The pacs.028 status request the adapter would send about this transfer, as bytes. */
  public static byte[] statusRequest(RailTransfer transfer, java.time.Instant now) {
    return Pacs028.write(Pacs028.newMessageId(), transfer.railKey(), settings(), now);
  }
}
