package org.symphony.rails.rtgs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * An ISO 20022 FI-to-FI payment status report (pacs.002), bare or in a business message envelope with its
 * AppHdr, reduced to what the adapter decides on. It is
 * read for one original message carrying one transaction: the transaction's status when the report has
 * one, the group status otherwise (a whole message refused, e.g. FF01).
 *
 * @param originalMessageId OrgnlGrpInfAndSts/OrgnlMsgId (or the transaction's OrgnlGrpInf/OrgnlMsgId)
 * @param status TxSts, or GrpSts when the report has no transaction status (ExternalPaymentTransactionStatus1Code)
 * @param reasonCode StsRsnInf/Rsn/Cd or /Prtry of that status, if given
 * @param reasonText StsRsnInf/AddtlInf lines, joined, if given
 * @param originalUetr TxInfAndSts/OrgnlUETR, if given
 * @param accountServicerReference TxInfAndSts/AcctSvcrRef, if given
 * @param clearingSystemReference TxInfAndSts/ClrSysRef, if given
 */
record Pacs002(
    String originalMessageId,
    String status,
    Optional<String> reasonCode,
    Optional<String> reasonText,
    Optional<String> originalUetr,
    Optional<String> accountServicerReference,
    Optional<String> clearingSystemReference) {

  /** pacs.002.001.10 is what the RTGS speaks; other versions name these elements the same and are read too. */
  static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10";

  private static final Pattern ANY_VERSION = Pattern.compile("^urn:iso:std:iso:20022:tech:xsd:pacs\\.002\\.001\\.[0-9]{2}$");

  /** The Document itself, or the Document inside a business message envelope ({@link BusinessMessage}). */
  private static Element documentOf(Element root) {
    if (!BusinessMessage.ENVELOPE.equals(root.getLocalName()) || root.getNamespaceURI() != null) return root;
    return SecureXml.elementChildren(root).stream()
        .filter(e -> "Document".equals(e.getLocalName()))
        .findFirst()
        .orElseThrow(() -> new RtgsProtocolException("business message without a Document"));
  }

  /** @throws RtgsProtocolException when the text is not a usable pacs.002 (malformed, DOCTYPE, wrong document, …) */
  static Pacs002 parse(String xml) {
    Document doc;
    try {
      doc = SecureXml.parse(xml);
    } catch (SecureXml.Malformed e) {
      throw new RtgsProtocolException("malformed XML reply: " + e.getMessage());
    }
    Element root = documentOf(doc.getDocumentElement());
    if (!"Document".equals(root.getLocalName()) || root.getNamespaceURI() == null
        || !ANY_VERSION.matcher(root.getNamespaceURI()).matches())
      throw new RtgsProtocolException("reply is not a pacs.002 document: {" + root.getNamespaceURI() + "}" + root.getLocalName());
    Element report = SecureXml.child(root, "FIToFIPmtStsRpt")
        .orElseThrow(() -> new RtgsProtocolException("pacs.002 without FIToFIPmtStsRpt"));
    Optional<Element> group = SecureXml.child(report, "OrgnlGrpInfAndSts");
    List<Element> transactions = SecureXml.children(report, "TxInfAndSts");
    if (transactions.size() > 1)
      throw new RtgsProtocolException("pacs.002 reports " + transactions.size() + " transactions; one was sent");
    Optional<Element> tx = transactions.stream().findFirst();

    Optional<String> originalMessageId = group.flatMap(g -> SecureXml.text(g, "OrgnlMsgId"))
        .or(() -> tx.flatMap(t -> SecureXml.text(t, "OrgnlGrpInf", "OrgnlMsgId")));
    // a report that does not name its original is matched to no transfer
    if (originalMessageId.isEmpty()) throw new RtgsProtocolException("pacs.002 without OrgnlMsgId");

    Optional<String> txStatus = tx.flatMap(t -> SecureXml.text(t, "TxSts"));
    Optional<String> groupStatus = group.flatMap(g -> SecureXml.text(g, "GrpSts"));
    // the reason belongs to the status it explains
    Optional<Element> statusHolder = txStatus.isPresent() ? tx : group;
    String status = txStatus.or(() -> groupStatus)
        .orElseThrow(() -> new RtgsProtocolException("pacs.002 without TxSts or GrpSts"));

    List<Element> reasons = statusHolder.map(h -> SecureXml.children(h, "StsRsnInf")).orElse(List.of());
    Optional<String> reasonCode = reasons.stream()
        .map(r -> SecureXml.text(r, "Rsn", "Cd").or(() -> SecureXml.text(r, "Rsn", "Prtry")))
        .flatMap(Optional::stream)
        .findFirst();
    String text = reasons.stream()
        .flatMap(r -> SecureXml.children(r, "AddtlInf").stream())
        .map(SecureXml::ownText)
        .filter(t -> !t.isEmpty())
        .collect(Collectors.joining(" "));

    return new Pacs002(
        originalMessageId.get(),
        status,
        reasonCode,
        text.isEmpty() ? Optional.empty() : Optional.of(text),
        tx.flatMap(t -> SecureXml.text(t, "OrgnlUETR")),
        tx.flatMap(t -> SecureXml.text(t, "AcctSvcrRef")),
        tx.flatMap(t -> SecureXml.text(t, "ClrSysRef")));
  }
}
