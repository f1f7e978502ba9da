package org.symphony.rails.sim.rtgs;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * What the simulated RTGS writes back: ISO 20022 pacs.002.001.10 status reports (OrgnlGrpInfAndSts/OrgnlMsgId
 * always filled), and for requests that are not about a payment's status (overload, injected faults) a
 * small error document
 * {@code <RtgsError><Code/><MsgId/><Message/></RtgsError>}.
 */
final class StatusReports {

  static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10";
  private static final int MAX_ADDITIONAL_INFO = 105; // Max105Text

  private StatusReports() {}

  /** The status of one transaction: the original's ids, TxSts, its reason if rejected, and the RTGS's references. */
  static byte[] transaction(
      CreditTransfer original, String status, String reasonCode, String reasonText, Long acceptedAtMs,
      String clearingSystemReference, String accountServicerReference) {
    return write(w -> {
      originalGroup(w, original.messageId(), CreditTransfer.MESSAGE_NAME, null, null, null);
      w.writeStartElement(NAMESPACE, "TxInfAndSts");
      if (original.instructionId() != null) leaf(w, "OrgnlInstrId", original.instructionId());
      leaf(w, "OrgnlEndToEndId", original.endToEndId());
      if (original.uetr() != null) leaf(w, "OrgnlUETR", original.uetr());
      leaf(w, "TxSts", status);
      if (reasonCode != null) reason(w, reasonCode, reasonText);
      if (acceptedAtMs != null) leaf(w, "AccptncDtTm", dateTime(Instant.ofEpochMilli(acceptedAtMs)));
      if (accountServicerReference != null) leaf(w, "AcctSvcrRef", accountServicerReference);
      if (clearingSystemReference != null) leaf(w, "ClrSysRef", clearingSystemReference);
      w.writeEndElement(); // TxInfAndSts
    });
  }

  /** The current status of an executed settlement. */
  static byte[] settlement(RtgsSettlement s, String status) {
    boolean rejected = status.equals(RtgsSettlement.Outcome.REJECTED.status);
    boolean settled = status.equals(RtgsSettlement.Outcome.SETTLED.status) || status.equals(RtgsSettlement.Outcome.CREDITED.status);
    return transaction(
        s.transfer(), status, rejected ? s.reasonCode() : null, rejected ? s.reasonText() : null, s.acceptedAtMs(),
        s.rtgsReference(), settled ? s.rtgsReference() : null);
  }

  /**
   * The whole message refused (GrpSts RJCT), e.g. FF01 for a document that is not a valid pacs.008 or
   * pacs.028 ({@code originalMessageName}). OrgnlMsgId is never empty: NONREF when it could not be read.
   */
  static byte[] groupRejection(String originalMessageId, String originalMessageName, String reasonCode, String reasonText) {
    return write(w -> originalGroup(w, originalMessageId, originalMessageName, "RJCT", reasonCode, reasonText));
  }

  /** The answer to a status request about a pacs.008 never received: TxSts RJCT, AG09. */
  static byte[] notReceived(StatusRequest request) {
    return write(w -> {
      originalGroup(w, request.originalMessageId(), CreditTransfer.MESSAGE_NAME, null, null, null);
      w.writeStartElement(NAMESPACE, "TxInfAndSts");
      if (request.originalInstructionId().isPresent()) leaf(w, "OrgnlInstrId", request.originalInstructionId().get());
      if (request.originalUetr().isPresent()) leaf(w, "OrgnlUETR", request.originalUetr().get());
      leaf(w, "TxSts", "RJCT");
      reason(w, RtgsSimulator.NOT_RECEIVED_REASON, "Original payment never received");
      w.writeEndElement(); // TxInfAndSts
    });
  }

  static byte[] error(String code, String messageId, String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.writeStartElement("RtgsError");
      w.writeStartElement("Code");
      w.writeCharacters(code);
      w.writeEndElement();
      if (messageId != null) {
        w.writeStartElement("MsgId");
        w.writeCharacters(messageId);
        w.writeEndElement();
      }
      w.writeStartElement("Message");
      w.writeCharacters(message);
      w.writeEndElement();
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write an RTGS error", e);
    }
    return out.toByteArray();
  }

  // --- writing -------------------------------------------------------------------------------------

  private interface Body {
    void write(XMLStreamWriter w) throws XMLStreamException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try {
      XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.setDefaultNamespace(NAMESPACE);
      w.writeStartElement(NAMESPACE, "Document");
      w.writeDefaultNamespace(NAMESPACE);
      w.writeStartElement(NAMESPACE, "FIToFIPmtStsRpt");
      w.writeStartElement(NAMESPACE, "GrpHdr");
      leaf(w, "MsgId", reportId());
      leaf(w, "CreDtTm", dateTime(Instant.now()));
      w.writeEndElement(); // GrpHdr
      body.write(w);
      w.writeEndElement(); // FIToFIPmtStsRpt
      w.writeEndElement(); // Document
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write a pacs.002", e);
    }
    return out.toByteArray();
  }

  private static void originalGroup(
      XMLStreamWriter w, String originalMessageId, String originalMessageName, String groupStatus, String reasonCode,
      String reasonText) throws XMLStreamException {
    if (originalMessageId == null || originalMessageId.isBlank())
      throw new IllegalArgumentException("a status report always names its original (NONREF when unknown)");
    w.writeStartElement(NAMESPACE, "OrgnlGrpInfAndSts");
    leaf(w, "OrgnlMsgId", originalMessageId);
    leaf(w, "OrgnlMsgNmId", originalMessageName);
    if (groupStatus != null) leaf(w, "GrpSts", groupStatus);
    if (reasonCode != null) reason(w, reasonCode, reasonText);
    w.writeEndElement();
  }

  private static void reason(XMLStreamWriter w, String code, String text) throws XMLStreamException {
    w.writeStartElement(NAMESPACE, "StsRsnInf");
    w.writeStartElement(NAMESPACE, "Rsn");
    leaf(w, "Cd", code);
    w.writeEndElement(); // Rsn
    if (text != null && !text.isEmpty())
      leaf(w, "AddtlInf", text.length() <= MAX_ADDITIONAL_INFO ? text : text.substring(0, MAX_ADDITIONAL_INFO));
    w.writeEndElement(); // StsRsnInf
  }

  private static void leaf(XMLStreamWriter w, String name, String text) throws XMLStreamException {
    w.writeStartElement(NAMESPACE, name);
    w.writeCharacters(text);
    w.writeEndElement();
  }

  private static String dateTime(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS));
  }

  /** GrpHdr/MsgId of a report: unique, 35 characters at most. */
  private static String reportId() {
    byte[] random = new byte[12];
    ThreadLocalRandom.current().nextBytes(random);
    return "RTGSSTS" + HexFormat.of().withUpperCase().formatHex(random);
  }
}
