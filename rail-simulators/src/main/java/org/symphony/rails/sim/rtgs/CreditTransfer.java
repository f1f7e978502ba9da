package org.symphony.rails.sim.rtgs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * A validated pacs.008.001.08 carrying one credit transfer: what the simulated RTGS accepts on
 * {@code POST /iso20022/pacs.008}. The rules are the simulator's own (it does not reuse the adapter's
 * writer), so an adapter that writes a wrong message is refused here as a real RTGS would refuse it:
 * first the business message and its schemas ({@link ReceivedMessage}, FF01), then the CBPR+/HVPS+ usage
 * rules the simulator can check (CH16, CH21), then the content (AM12, AM03, RC01).
 */
record CreditTransfer(
    String messageId,
    String instructionId,
    String endToEndId,
    String uetr,
    String amount,
    String currency,
    String settlementMethod,
    String instructingAgentBic,
    String instructedAgentBic,
    String debtorName,
    String debtorAgentBic,
    String creditorAgentBic,
    String creditorAccount,
    String remittanceInformation,
    String creditorName,
    String chargeBearer) {

  static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08";
  static final String MESSAGE_NAME = Iso20022Schemas.PACS_008;

  /**
   * ISO ExternalStatusReason1Code CH16 "ElementContentFormallyIncorrect" and CH21
   * "RequiredCompulsoryElementMissing" (https://www.iso20022.org/catalogue-messages/additional-content-messages/external-code-sets):
   * a schema-valid message that breaks a CBPR+ usage rule.
   */
  static final String USAGE_RULE_REASON = "CH16";
  static final String MISSING_ELEMENT_REASON = "CH21";

  /** CBPR+ pacs.008.001.08 usage guideline: InstrId at most 16 characters; ChrgBr DEBT, CRED or SHAR. */
  private static final int MAX_INSTRUCTION_ID = 16;
  private static final Set<String> CBPR_CHARGE_BEARERS = Set.of("DEBT", "CRED", "SHAR");
  /** CBPR+ character sets: FIN X for all text; names, addresses and remittance also the special characters. */
  private static final Pattern FIN_X = Pattern.compile("^[a-zA-Z0-9/\\-?:().,'+ ]+$");
  private static final Pattern FIN_X_EXTENDED = Pattern.compile("^[a-zA-Z0-9/\\-?:().,'+ !#$%&*=^_`{|}~\";<>@\\[\\\\\\]]+$");
  private static final Pattern BIC = Pattern.compile("^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$");
  /** The currencies the simulated RTGS settles. */
  private static final Set<String> CURRENCIES = Set.of("ZMW", "USD");

  /** @throws RtgsSimRejection naming the ISO reason (FF01 format, CH16/CH21 usage rule, AM12 amount, AM03 currency, RC01 BIC) */
  static CreditTransfer parse(byte[] xml) {
    ReceivedMessage received = ReceivedMessage.parse(xml, MESSAGE_NAME, "FIToFICstmrCdtTrf");
    Element message = received.content();
    String msgId = received.messageId();
    Element header = SimXml.child(message, "GrpHdr").orElseThrow();

    List<Element> transactions = SimXml.children(message, "CdtTrfTxInf");
    String nbOfTxs = SimXml.text(header, "NbOfTxs").orElseThrow();
    if (!nbOfTxs.equals(Integer.toString(transactions.size())))
      throw new RtgsSimRejection("FF01", msgId, "GrpHdr/NbOfTxs is " + nbOfTxs + " but the message has " + transactions.size());
    if (transactions.size() != 1)
      throw new RtgsSimRejection("FF01", msgId, "exactly one CdtTrfTxInf per message is supported");
    String settlementMethod = SimXml.text(header, "SttlmInf", "SttlmMtd").orElseThrow();
    Element tx = transactions.get(0);

    // CBPR+ usage rules
    offsetDateTime(msgId, "GrpHdr/CreDtTm", SimXml.text(header, "CreDtTm").orElseThrow());
    offsetDateTime(msgId, "AppHdr/CreDt", SimXml.text(received.appHdr(), "CreDt").orElseThrow());
    finX(msgId, "GrpHdr/MsgId", msgId);
    String instrId = SimXml.text(tx, "PmtId", "InstrId")
        .orElseThrow(() -> new RtgsSimRejection(MISSING_ELEMENT_REASON, msgId, "PmtId/InstrId is missing"));
    if (instrId.length() > MAX_INSTRUCTION_ID)
      throw new RtgsSimRejection(USAGE_RULE_REASON, msgId, "PmtId/InstrId is longer than 16 characters (CBPR+)");
    finX(msgId, "PmtId/InstrId", instrId);
    String endToEndId = SimXml.text(tx, "PmtId", "EndToEndId").orElseThrow();
    finX(msgId, "PmtId/EndToEndId", endToEndId);
    String uetr = SimXml.text(tx, "PmtId", "UETR")
        .orElseThrow(() -> new RtgsSimRejection(MISSING_ELEMENT_REASON, msgId, "PmtId/UETR is missing (CBPR+)"));
    String chargeBearer = SimXml.text(tx, "ChrgBr").orElseThrow();
    if (!CBPR_CHARGE_BEARERS.contains(chargeBearer))
      throw new RtgsSimRejection(USAGE_RULE_REASON, msgId, "ChrgBr " + chargeBearer + " is not allowed (CBPR+: DEBT, CRED or SHAR)");
    Element debtor = SimXml.child(tx, "Dbtr").orElseThrow();
    String debtorName = SimXml.text(debtor, "Nm")
        .orElseThrow(() -> new RtgsSimRejection(MISSING_ELEMENT_REASON, msgId, "Dbtr/Nm is missing (FATF R.16)"));
    extended(msgId, "Dbtr/Nm", debtorName);
    Optional<String> debtorId = SimXml.text(debtor, "Id", "OrgId", "Othr", "Id");
    if (debtorId.isPresent()) finX(msgId, "Dbtr/Id", debtorId.get());
    String creditorName = SimXml.text(tx, "Cdtr", "Nm")
        .orElseThrow(() -> new RtgsSimRejection(MISSING_ELEMENT_REASON, msgId, "Cdtr/Nm is missing (FATF R.16)"));
    extended(msgId, "Cdtr/Nm", creditorName);
    Optional<String> remittance = SimXml.text(tx, "RmtInf", "Ustrd");
    if (remittance.isPresent()) extended(msgId, "RmtInf/Ustrd", remittance.get());

    // content
    Element amountElement = SimXml.child(tx, "IntrBkSttlmAmt").orElseThrow();
    String amount = SimXml.ownText(amountElement);
    if (new BigDecimal(amount).signum() <= 0)
      throw new RtgsSimRejection("AM12", msgId, "IntrBkSttlmAmt must be a positive amount");
    String currency = amountElement.getAttribute("Ccy");
    if (!CURRENCIES.contains(currency))
      throw new RtgsSimRejection("AM03", msgId, "the RTGS settles " + CURRENCIES + ", not " + currency);
    Optional<String> instructingAgent = optionalBic(tx, msgId, "InstgAgt");
    Optional<String> instructedAgent = optionalBic(tx, msgId, "InstdAgt");
    String debtorAgent = requiredBic(tx, msgId, "DbtrAgt");
    String creditorAgent = requiredBic(tx, msgId, "CdtrAgt");
    String account = SimXml.text(tx, "CdtrAcct", "Id", "Othr", "Id")
        .or(() -> SimXml.text(tx, "CdtrAcct", "Id", "IBAN"))
        .orElseThrow(() -> new RtgsSimRejection(MISSING_ELEMENT_REASON, msgId, "CdtrAcct/Id is missing"));

    return new CreditTransfer(
        msgId, instrId, endToEndId, uetr, amount, currency, settlementMethod, instructingAgent.orElse(null),
        instructedAgent.orElse(null), debtorName, debtorAgent, creditorAgent, account, remittance.orElse(null),
        creditorName, chargeBearer);
  }

  void writeTo(ObjectNode json) {
    json.put("msgId", messageId);
    json.put("instrId", instructionId);
    json.put("endToEndId", endToEndId);
    json.put("uetr", uetr);
    json.put("amount", amount);
    json.put("currency", currency);
    json.put("settlementMethod", settlementMethod);
    json.put("instructingAgentBic", instructingAgentBic);
    json.put("instructedAgentBic", instructedAgentBic);
    json.put("debtorName", debtorName);
    json.put("debtorAgentBic", debtorAgentBic);
    json.put("creditorAgentBic", creditorAgentBic);
    json.put("creditorAccount", creditorAccount);
    json.put("remittanceInformation", remittanceInformation);
    json.put("creditorName", creditorName);
    json.put("chargeBearer", chargeBearer);
  }

  static CreditTransfer readFrom(JsonNode json) {
    String msgId = text(json, "msgId");
    if (msgId == null) throw new IllegalArgumentException("msgId missing");
    return new CreditTransfer(
        msgId, text(json, "instrId"), text(json, "endToEndId"), text(json, "uetr"), text(json, "amount"),
        text(json, "currency"), text(json, "settlementMethod"), text(json, "instructingAgentBic"),
        text(json, "instructedAgentBic"), text(json, "debtorName"), text(json, "debtorAgentBic"),
        text(json, "creditorAgentBic"), text(json, "creditorAccount"), text(json, "remittanceInformation"),
        text(json, "creditorName"), text(json, "chargeBearer"));
  }

  private static void offsetDateTime(String msgId, String what, String value) {
    if (!ReceivedMessage.OFFSET_DATE_TIME.matcher(value).matches())
      throw new RtgsSimRejection(USAGE_RULE_REASON, msgId, what + " needs an explicit UTC offset, not " + value + " (CBPR+)");
  }

  private static void finX(String msgId, String what, String value) {
    if (!FIN_X.matcher(value).matches() || value.startsWith("/") || value.endsWith("/") || value.contains("//"))
      throw new RtgsSimRejection(USAGE_RULE_REASON, msgId, what + " is outside the SWIFT FIN X character set (CBPR+)");
  }

  private static void extended(String msgId, String what, String value) {
    if (!FIN_X_EXTENDED.matcher(value).matches())
      throw new RtgsSimRejection(USAGE_RULE_REASON, msgId, what + " is outside the CBPR+ character set");
  }

  private static String requiredBic(Element tx, String msgId, String agent) {
    String bic = SimXml.text(tx, agent, "FinInstnId", "BICFI")
        .orElseThrow(() -> new RtgsSimRejection("RC01", msgId, agent + "/FinInstnId/BICFI is missing"));
    if (!BIC.matcher(bic).matches()) throw new RtgsSimRejection("RC01", msgId, agent + "/FinInstnId/BICFI is not a BIC");
    return bic;
  }

  private static Optional<String> optionalBic(Element tx, String msgId, String agent) {
    if (SimXml.child(tx, agent).isEmpty()) return Optional.empty();
    return Optional.of(requiredBic(tx, msgId, agent));
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }
}
