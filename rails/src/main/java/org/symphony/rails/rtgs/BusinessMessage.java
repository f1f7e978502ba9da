package org.symphony.rails.rtgs;

import java.io.ByteArrayOutputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * One business message as the RTGS gateway takes it over HTTP: the business application header
 * (head.001.001.02 AppHdr) and the business document, side by side in a {@code RequestPayload} element
 * without a namespace — the SWIFT Alliance Access XML v2 payload that HVPS+/CBPR+ gateways exchange:
 *
 * <pre>{@code
 * <RequestPayload>
 *   <AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">…</AppHdr>
 *   <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">…</Document>
 * </RequestPayload>
 * }</pre>
 *
 * Each part validates against its own ISO schema; the envelope has none. AppHdr/BizMsgIdr is the
 * document's GrpHdr/MsgId, AppHdr/CreDt its CreDtTm.
 */
final class BusinessMessage {

  static final String ENVELOPE = "RequestPayload";
  static final String HEAD_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:head.001.001.02";

  /**
   * CBPR+ date-times carry an explicit offset ("+02:00", never "Z"): the offset pattern (xxx) prints
   * "+00:00" even for UTC, and milliseconds are the most the guidelines' pattern allows.
   */
  static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");

  /** The header's fields; {@code from}/{@code to} are BICs. */
  record Header(String from, String to, String businessMessageId, String messageDefinition, String businessService,
      OffsetDateTime created) {}

  /** Writes the document's content (the element under Document) in {@code namespace}. */
  interface Body {
    void write(XMLStreamWriter w, String namespace) throws XMLStreamException;
  }

  private BusinessMessage() {}

  static String dateTime(OffsetDateTime at) {
    return DATE_TIME.format(at.truncatedTo(ChronoUnit.MILLIS));
  }

  static byte[] write(Header header, String documentNamespace, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.writeStartElement(ENVELOPE);
      appHdr(w, header);
      w.setDefaultNamespace(documentNamespace);
      w.writeStartElement(documentNamespace, "Document");
      w.writeDefaultNamespace(documentNamespace);
      body.write(w, documentNamespace);
      w.writeEndElement(); // Document
      w.writeEndElement(); // RequestPayload
      w.writeEndDocument();
      w.flush();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write " + header.messageDefinition(), e);
    }
    return out.toByteArray();
  }

  private static void appHdr(XMLStreamWriter w, Header h) throws XMLStreamException {
    String ns = HEAD_NAMESPACE;
    w.setDefaultNamespace(ns);
    w.writeStartElement(ns, "AppHdr");
    w.writeDefaultNamespace(ns);
    party(w, ns, "Fr", h.from());
    party(w, ns, "To", h.to());
    leaf(w, ns, "BizMsgIdr", h.businessMessageId());
    leaf(w, ns, "MsgDefIdr", h.messageDefinition());
    leaf(w, ns, "BizSvc", h.businessService());
    leaf(w, ns, "CreDt", dateTime(h.created()));
    w.writeEndElement(); // AppHdr
    w.setDefaultNamespace("");
  }

  private static void party(XMLStreamWriter w, String ns, String name, String bic) throws XMLStreamException {
    w.writeStartElement(ns, name);
    w.writeStartElement(ns, "FIId");
    w.writeStartElement(ns, "FinInstnId");
    leaf(w, ns, "BICFI", bic);
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndElement();
  }

  static void leaf(XMLStreamWriter w, String ns, String name, String text) throws XMLStreamException {
    w.writeStartElement(ns, name);
    w.writeCharacters(text);
    w.writeEndElement();
  }
}
