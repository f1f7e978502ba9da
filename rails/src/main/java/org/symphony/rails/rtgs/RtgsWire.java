package org.symphony.rails.rtgs;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.rails.http.HttpReply;
import org.symphony.rails.http.WireText;

/** RTGS replies (pacs.002 status reports, error documents) reduced to {@link RailResult}s. */
final class RtgsWire {

  /** Settled: ACSC on the settlement account, ACCC also on the creditor's account. */
  static final Set<String> SETTLED = Set.of("ACSC", "ACCC");
  /** Accepted (technically, for settlement, with change) or pending: the RTGS will decide later. */
  static final Set<String> PENDING = Set.of("ACTC", "ACCP", "ACSP", "ACWC", "PDNG");
  static final String REJECTED = "RJCT";
  /**
   * Duplicate payment (DUPL, AM05) / message id (DU01) / payment information id / transaction / end-to-end
   * id / instruction id (DU02–DU05): the refusal of a *copy*, which says nothing about the original.
   */
  static final Set<String> DUPLICATE_REASONS = Set.of("DUPL", "AM05", "DU01", "DU02", "DU03", "DU04", "DU05");
  private static final int MAX_REASON_TEXT = 256;

  /**
   * The answer to a status request (pacs.028) about a payment the RTGS never received: TxSts RJCT with
   * ExternalStatusReason1Code AG09 "PaymentNotReceived — original payment never received" (ISO 20022
   * external code sets, https://www.iso20022.org/catalogue-messages/additional-content-messages/external-code-sets;
   * the reason SEPA Instant and Oracle's pacs.028 processing answer an unmatched status request with). It
   * is the only "not found" the adapter believes, and only about the message it asked for.
   */
  static final String NOT_RECEIVED_REASON = "AG09";

  private static final Map<String, String> REASONS = Map.ofEntries(
      Map.entry("AC01", "Incorrect account number"),
      Map.entry("AC03", "Invalid creditor account number"),
      Map.entry("AC04", "Closed account number"),
      Map.entry("AC06", "Blocked account"),
      Map.entry("AG01", "Transaction forbidden"),
      Map.entry("AG09", "Payment not received"),
      Map.entry("AG02", "Invalid bank operation code"),
      Map.entry("AM02", "Amount exceeds the allowed maximum"),
      Map.entry("AM03", "Currency not allowed"),
      Map.entry("AM04", "Insufficient funds"),
      Map.entry("AM12", "Invalid amount"),
      Map.entry("BE01", "Creditor name inconsistent with the account"),
      Map.entry("CH16", "Element content formally incorrect"),
      Map.entry("CH21", "Required compulsory element missing"),
      Map.entry("FF01", "Invalid file format"),
      Map.entry("FF02", "Syntax error"),
      Map.entry("MS02", "Not specified reason (customer)"),
      Map.entry("MS03", "Not specified reason (agent)"),
      Map.entry("NARR", "Narrative"),
      Map.entry("RC01", "Bank identifier incorrect"),
      Map.entry("RR04", "Regulatory reason"));

  private RtgsWire() {}

  /** Present when the report is not about the message that was asked for (never trust someone else's status). */
  static Optional<RailResult.Unknown> foreign(Pacs002 report, String messageId, RailKey railKey) {
    if (!messageId.equals(report.originalMessageId()))
      return Optional.of(new RailResult.Unknown(
          "status report is about message " + clip(report.originalMessageId()) + ", not " + messageId));
    Optional<String> uetr = Pacs008.uetr(railKey);
    if (report.originalUetr().isPresent() && uetr.isPresent() && !report.originalUetr().get().equalsIgnoreCase(uetr.get()))
      return Optional.of(new RailResult.Unknown(
          "status report is about UETR " + clip(report.originalUetr().get()) + ", not " + uetr.get()));
    return Optional.empty();
  }

  /** RJCT because this message id was seen before: says nothing about what became of the original. */
  static boolean isDuplicateRejection(Pacs002 report) {
    return REJECTED.equals(report.status()) && report.reasonCode().map(DUPLICATE_REASONS::contains).orElse(false);
  }

  /** A report about the right message → result. Duplicate rejections must be handled before this. */
  static RailResult result(Pacs002 report) {
    String status = report.status();
    if (SETTLED.contains(status))
      return new RailResult.Completed(report.accountServicerReference().or(report::clearingSystemReference).orElse(null));
    if (PENDING.contains(status)) return new RailResult.InProgress();
    if (REJECTED.equals(status)) {
      if (isDuplicateRejection(report))
        return new RailResult.Unknown("duplicate rejection (" + report.reasonCode().get() + ") says nothing about the original");
      if (isNotReceived(report)) // only a status request's answer can say so (see RtgsRail): never a refusal
        return new RailResult.Unknown("RJCT " + NOT_RECEIVED_REASON + " (payment not received) is not a refusal of the payment");
      String code = report.reasonCode().orElse("UNSPECIFIED");
      String text = report.reasonText().orElseGet(() -> REASONS.getOrDefault(code, "rejected by the RTGS"));
      return new RailResult.Declined(code, WireText.clip(text, MAX_REASON_TEXT));
    }
    return new RailResult.Unknown("unexpected payment status '" + clip(status) + "'");
  }

  /** RJCT AG09: the RTGS never received the original (the answer to a status request about it). */
  static boolean isNotReceived(Pacs002 report) {
    return REJECTED.equals(report.status()) && report.reasonCode().filter(NOT_RECEIVED_REASON::equals).isPresent();
  }

  static RailResult.Unknown unknown(String why, HttpReply reply) {
    return new RailResult.Unknown(why + (reply.body().isEmpty() ? "" : ": " + reply.bodyExcerpt()));
  }

  private static String clip(String text) {
    return WireText.excerpt(text, 64);
  }
}
