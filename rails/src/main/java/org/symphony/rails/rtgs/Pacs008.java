package org.symphony.rails.rtgs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailTransfer;

/**
 * The ISO 20022 FI-to-FI customer credit transfer (pacs.008.001.08) for one rail transfer, written with
 * the JDK's StAX writer (which escapes all text). Element order follows the message definition.
 *
 * <p>Identifiers are pure functions of the rail key (itself a pure function of the instruction id), so a
 * resubmission after a crash is the same message to the RTGS, which refuses it as a duplicate:
 * MsgId = "SYM" + the key's 32 hex digits (35 characters, the ISO maximum), InstrId = MsgId,
 * UETR = the key (a version-4 UUID), EndToEndId = the instruction id, shortened to 35 characters if needed.
 */
final class Pacs008 {

  static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08";
  static final int MAX_ID_CHARS = 35; // Max35Text
  static final int MAX_TEXT_CHARS = 140; // Max140Text

  private static final Pattern UUID_V4 =
      Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  private static final Pattern HEX32 = Pattern.compile("^[0-9A-F]{32}$");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;

  private Pacs008() {}

  /** GrpHdr/MsgId: the RTGS's duplicate check and the key of the status request. */
  static String messageId(RailKey railKey) {
    String hex = railKey.value().replace("-", "").toUpperCase(Locale.ROOT);
    if (!HEX32.matcher(hex).matches()) hex = sha256Hex(railKey.value()).substring(0, 32).toUpperCase(Locale.ROOT);
    return "SYM" + hex;
  }

  /** PmtId/UETR: the rail key when it is a (lower-case) version-4 UUID, as ISO requires; absent otherwise. */
  static Optional<String> uetr(RailKey railKey) {
    String v = railKey.value().toLowerCase(Locale.ROOT);
    return UUID_V4.matcher(v).matches() ? Optional.of(v) : Optional.empty();
  }

  /**
   * PmtId/EndToEndId: the instruction id when it fits 35 characters; otherwise its first 22 characters,
   * "." and 12 hex digits of its SHA-256, so it stays recognisable and distinct.
   */
  static String endToEndId(String instructionId) {
    String id = sanitize(instructionId);
    if (id.isEmpty()) return "NOTPROVIDED";
    if (id.codePointCount(0, id.length()) <= MAX_ID_CHARS) return id;
    return clipCodePoints(id, 22) + "." + sha256Hex(instructionId).substring(0, 12);
  }

  /** The document, UTF-8 encoded. {@code now} is CreDtTm (and the settlement date, in UTC). */
  static byte[] write(RailTransfer transfer, Creditor.BankAccount creditor, String instructingAgentBic, Instant now) {
    String msgId = messageId(transfer.railKey());
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    try {
      XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.setDefaultNamespace(NAMESPACE);
      w.writeStartElement(NAMESPACE, "Document");
      w.writeDefaultNamespace(NAMESPACE);
      w.writeStartElement(NAMESPACE, "FIToFICstmrCdtTrf");

      w.writeStartElement(NAMESPACE, "GrpHdr");
      leaf(w, "MsgId", msgId);
      leaf(w, "CreDtTm", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.MILLIS)));
      leaf(w, "NbOfTxs", "1");
      w.writeStartElement(NAMESPACE, "SttlmInf");
      leaf(w, "SttlmMtd", "CLRG");
      w.writeEndElement(); // SttlmInf
      w.writeEndElement(); // GrpHdr

      w.writeStartElement(NAMESPACE, "CdtTrfTxInf");
      w.writeStartElement(NAMESPACE, "PmtId");
      leaf(w, "InstrId", msgId);
      leaf(w, "EndToEndId", endToEndId(transfer.instructionId()));
      Optional<String> uetr = uetr(transfer.railKey());
      if (uetr.isPresent()) leaf(w, "UETR", uetr.get());
      w.writeEndElement(); // PmtId
      w.writeStartElement(NAMESPACE, "IntrBkSttlmAmt");
      w.writeAttribute("Ccy", transfer.amount().currency().name());
      w.writeCharacters(transfer.amount().toDecimalString());
      w.writeEndElement();
      leaf(w, "IntrBkSttlmDt", DATE.format(now.atOffset(ZoneOffset.UTC).toLocalDate()));
      leaf(w, "ChrgBr", "SLEV");
      agent(w, "InstgAgt", instructingAgentBic);
      agent(w, "InstdAgt", creditor.bic());
      w.writeStartElement(NAMESPACE, "Dbtr");
      leaf(w, "Nm", clipCodePoints(sanitize(transfer.participantId()), MAX_TEXT_CHARS));
      w.writeEndElement();
      agent(w, "DbtrAgt", instructingAgentBic);
      agent(w, "CdtrAgt", creditor.bic());
      w.writeEmptyElement(NAMESPACE, "Cdtr"); // the creditor's name is not known to Symphony; the account identifies it
      w.writeStartElement(NAMESPACE, "CdtrAcct");
      w.writeStartElement(NAMESPACE, "Id");
      w.writeStartElement(NAMESPACE, "Othr");
      leaf(w, "Id", creditor.account());
      w.writeEndElement(); // Othr
      w.writeEndElement(); // Id
      w.writeEndElement(); // CdtrAcct
      String reference = clipCodePoints(sanitize(transfer.reference()), MAX_TEXT_CHARS);
      if (!reference.isEmpty()) {
        w.writeStartElement(NAMESPACE, "RmtInf");
        leaf(w, "Ustrd", reference);
        w.writeEndElement();
      }
      w.writeEndElement(); // CdtTrfTxInf

      w.writeEndElement(); // FIToFICstmrCdtTrf
      w.writeEndElement(); // Document
      w.writeEndDocument();
      w.flush();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write pacs.008", e);
    }
    return out.toByteArray();
  }

  private static void leaf(XMLStreamWriter w, String name, String text) throws XMLStreamException {
    w.writeStartElement(NAMESPACE, name);
    w.writeCharacters(text);
    w.writeEndElement();
  }

  private static void agent(XMLStreamWriter w, String name, String bic) throws XMLStreamException {
    w.writeStartElement(NAMESPACE, name);
    w.writeStartElement(NAMESPACE, "FinInstnId");
    leaf(w, "BICFI", bic);
    w.writeEndElement();
    w.writeEndElement();
  }

  /** Only characters XML 1.0 can carry, control characters as spaces, trimmed; null → "". */
  static String sanitize(String text) {
    if (text == null) return "";
    StringBuilder clean = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      boolean allowed =
          (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
      if (!allowed || (cp >= 0x7F && cp <= 0x9F)) clean.append(' ');
      else clean.appendCodePoint(cp);
    });
    return clean.toString().trim();
  }

  private static String clipCodePoints(String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) return text;
    return text.substring(0, text.offsetByCodePoints(0, max));
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JVM spec", e);
    }
  }
}
