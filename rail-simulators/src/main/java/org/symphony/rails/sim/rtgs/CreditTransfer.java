package org.symphony.rails.sim.rtgs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.symphony.rails.rtgs.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A validated pacs.008.001.08 carrying one credit transfer: what the simulated RTGS accepts on
 * {@code POST /iso20022/pacs.008}. The rules are the simulator's own (it does not reuse the adapter's
 * writer), so an adapter that writes a wrong message is refused here as a real RTGS would refuse it.
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
    String remittanceInformation) {

  static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08";
  static final String MESSAGE_NAME = "pacs.008.001.08";

  private static final int MAX_ID = 35;
  private static final int MAX_ACCOUNT = 34;
  private static final int MAX_TEXT = 140;
  private static final Pattern BIC = Pattern.compile("^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$");
  private static final Pattern AMOUNT = Pattern.compile("^[0-9]{1,13}(\\.[0-9]{1,5})?$");
  private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");
  private static final Pattern UETR =
      Pattern.compile("^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$");
  private static final Set<String> SETTLEMENT_METHODS = Set.of("INDA", "INGA", "COVE", "CLRG");
  private static final Set<String> CHARGE_BEARERS = Set.of("DEBT", "CRED", "SHAR", "SLEV");

  /** @throws RtgsSimRejection naming the ISO reason (FF01 format, AM12 amount, AM03 currency, RC01 BIC) */
  static CreditTransfer parse(byte[] xml) {
    Document doc;
    try {
      doc = SecureXml.parse(xml);
    } catch (SecureXml.Malformed e) {
      throw new RtgsSimRejection("FF01", null, "not well-formed XML or a DOCTYPE: " + e.getMessage());
    }
    Element root = doc.getDocumentElement();
    if (!"Document".equals(root.getLocalName()) || !NAMESPACE.equals(root.getNamespaceURI()))
      throw new RtgsSimRejection("FF01", null, "not a " + MESSAGE_NAME + " Document");
    Element message = SecureXml.child(root, "FIToFICstmrCdtTrf")
        .orElseThrow(() -> new RtgsSimRejection("FF01", null, "FIToFICstmrCdtTrf is missing"));
    Element header = SecureXml.child(message, "GrpHdr")
        .orElseThrow(() -> new RtgsSimRejection("FF01", null, "GrpHdr is missing"));
    String msgId = SecureXml.text(header, "MsgId")
        .orElseThrow(() -> new RtgsSimRejection("FF01", null, "GrpHdr/MsgId is missing"));
    if (msgId.length() > MAX_ID) throw new RtgsSimRejection("FF01", null, "GrpHdr/MsgId is longer than 35 characters");

    // from here on the rejection can name the message
    String creDtTm = required(header, msgId, "GrpHdr/CreDtTm", "CreDtTm");
    if (!isDateTime(creDtTm)) throw new RtgsSimRejection("FF01", msgId, "GrpHdr/CreDtTm is not an ISO date-time");
    List<Element> transactions = SecureXml.children(message, "CdtTrfTxInf");
    String nbOfTxs = required(header, msgId, "GrpHdr/NbOfTxs", "NbOfTxs");
    if (!nbOfTxs.equals(Integer.toString(transactions.size())))
      throw new RtgsSimRejection("FF01", msgId, "GrpHdr/NbOfTxs is " + nbOfTxs + " but the message has " + transactions.size());
    if (transactions.size() != 1)
      throw new RtgsSimRejection("FF01", msgId, "exactly one CdtTrfTxInf per message is supported");
    String settlementMethod = required(header, msgId, "GrpHdr/SttlmInf/SttlmMtd", "SttlmInf", "SttlmMtd");
    if (!SETTLEMENT_METHODS.contains(settlementMethod))
      throw new RtgsSimRejection("FF01", msgId, "unknown settlement method " + settlementMethod);

    Element tx = transactions.get(0);
    Optional<String> instrId = SecureXml.text(tx, "PmtId", "InstrId");
    if (instrId.filter(id -> id.length() > MAX_ID).isPresent())
      throw new RtgsSimRejection("FF01", msgId, "PmtId/InstrId is longer than 35 characters");
    String endToEndId = required(tx, msgId, "PmtId/EndToEndId", "PmtId", "EndToEndId");
    if (endToEndId.length() > MAX_ID)
      throw new RtgsSimRejection("FF01", msgId, "PmtId/EndToEndId is longer than 35 characters");
    Optional<String> uetr = SecureXml.text(tx, "PmtId", "UETR");
    if (uetr.filter(u -> !UETR.matcher(u).matches()).isPresent())
      throw new RtgsSimRejection("FF01", msgId, "PmtId/UETR is not a version-4 UUID");

    Element amountElement = SecureXml.child(tx, "IntrBkSttlmAmt")
        .orElseThrow(() -> new RtgsSimRejection("AM12", msgId, "IntrBkSttlmAmt is missing"));
    String amount = SecureXml.ownText(amountElement);
    if (!AMOUNT.matcher(amount).matches() || new BigDecimal(amount).signum() <= 0)
      throw new RtgsSimRejection("AM12", msgId, "IntrBkSttlmAmt must be a positive decimal amount");
    String currency = amountElement.getAttribute("Ccy");
    if (!CURRENCY.matcher(currency).matches())
      throw new RtgsSimRejection("AM03", msgId, "IntrBkSttlmAmt/@Ccy must be an ISO 4217 code");
    Optional<String> chargeBearer = SecureXml.text(tx, "ChrgBr");
    if (chargeBearer.filter(c -> !CHARGE_BEARERS.contains(c)).isPresent())
      throw new RtgsSimRejection("FF01", msgId, "unknown ChrgBr " + chargeBearer.get());

    Optional<String> instructingAgent = optionalBic(tx, msgId, "InstgAgt");
    Optional<String> instructedAgent = optionalBic(tx, msgId, "InstdAgt");
    Element debtor = SecureXml.child(tx, "Dbtr").orElseThrow(() -> new RtgsSimRejection("FF01", msgId, "Dbtr is missing"));
    Optional<String> debtorName = SecureXml.text(debtor, "Nm");
    if (debtorName.filter(n -> n.length() > MAX_TEXT).isPresent())
      throw new RtgsSimRejection("FF01", msgId, "Dbtr/Nm is longer than 140 characters");
    String debtorAgent = requiredBic(tx, msgId, "DbtrAgt");
    String creditorAgent = requiredBic(tx, msgId, "CdtrAgt");
    if (SecureXml.child(tx, "Cdtr").isEmpty()) throw new RtgsSimRejection("FF01", msgId, "Cdtr is missing");
    String account = SecureXml.text(tx, "CdtrAcct", "Id", "Othr", "Id")
        .or(() -> SecureXml.text(tx, "CdtrAcct", "Id", "IBAN"))
        .orElseThrow(() -> new RtgsSimRejection("FF01", msgId, "CdtrAcct/Id (Othr/Id or IBAN) is missing"));
    if (account.length() > MAX_ACCOUNT) throw new RtgsSimRejection("FF01", msgId, "CdtrAcct/Id is longer than 34 characters");
    Optional<String> remittance = SecureXml.text(tx, "RmtInf", "Ustrd");
    if (remittance.filter(r -> r.length() > MAX_TEXT).isPresent())
      throw new RtgsSimRejection("FF01", msgId, "RmtInf/Ustrd is longer than 140 characters");

    return new CreditTransfer(
        msgId, instrId.orElse(null), endToEndId, uetr.orElse(null), amount, currency, settlementMethod,
        instructingAgent.orElse(null), instructedAgent.orElse(null), debtorName.orElse(null), debtorAgent,
        creditorAgent, account, remittance.orElse(null));
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
  }

  static CreditTransfer readFrom(JsonNode json) {
    String msgId = text(json, "msgId");
    if (msgId == null) throw new IllegalArgumentException("msgId missing");
    return new CreditTransfer(
        msgId, text(json, "instrId"), text(json, "endToEndId"), text(json, "uetr"), text(json, "amount"),
        text(json, "currency"), text(json, "settlementMethod"), text(json, "instructingAgentBic"),
        text(json, "instructedAgentBic"), text(json, "debtorName"), text(json, "debtorAgentBic"),
        text(json, "creditorAgentBic"), text(json, "creditorAccount"), text(json, "remittanceInformation"));
  }

  private static String required(Element parent, String msgId, String what, String... path) {
    return SecureXml.text(parent, path).orElseThrow(() -> new RtgsSimRejection("FF01", msgId, what + " is missing"));
  }

  private static String requiredBic(Element tx, String msgId, String agent) {
    String bic = SecureXml.text(tx, agent, "FinInstnId", "BICFI")
        .orElseThrow(() -> new RtgsSimRejection("RC01", msgId, agent + "/FinInstnId/BICFI is missing"));
    if (!BIC.matcher(bic).matches()) throw new RtgsSimRejection("RC01", msgId, agent + "/FinInstnId/BICFI is not a BIC");
    return bic;
  }

  private static Optional<String> optionalBic(Element tx, String msgId, String agent) {
    if (SecureXml.child(tx, agent).isEmpty()) return Optional.empty();
    return Optional.of(requiredBic(tx, msgId, agent));
  }

  private static boolean isDateTime(String text) {
    try {
      OffsetDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      try {
        LocalDateTime.parse(text);
        return true;
      } catch (DateTimeParseException again) {
        return false;
      }
    }
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }
}
