package org.symphony.rails.rtgs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailTransfer;

/**
 * The ISO 20022 FI-to-FI customer credit transfer (pacs.008.001.08) for one rail transfer, with its
 * head.001 business application header ({@link BusinessMessage}), written with the JDK's StAX writer
 * (which escapes all text). Element order follows the message definition; the content follows the
 * CBPR+/HVPS+ usage guidelines that Zambia's ZIPSS applies (CBPR+ SR2024 pacs.008.001.08 usage guideline):
 *
 * <ul>
 *   <li>CreDtTm and AppHdr/CreDt carry an explicit offset (the RTGS's zone, +02:00 in Lusaka), never "Z";
 *   <li>IntrBkSttlmDt is the date in the RTGS's zone, not in UTC;
 *   <li>ChrgBr is SHAR or DEBT ({@link RtgsSettings#chargeBearer()}), never SLEV;
 *   <li>InstrId has at most 16 characters (what an MT103 field 20 can carry);
 *   <li>all text is in the SWIFT character set ({@link SwiftCharset}); identifiers neither start nor end
 *       with '/' nor contain "//";
 *   <li>originator and beneficiary information (FATF R.16): Dbtr/Nm, Dbtr/Id (the participant), DbtrAgt,
 *       Cdtr/Nm (the account holder, "NOTPROVIDED" for transfers journaled before the name was taken),
 *       CdtrAcct and CdtrAgt.
 * </ul>
 *
 * <p>Identifiers are pure functions of the rail key (itself a pure function of the instruction id), so a
 * resubmission after a crash is the same message to the RTGS, which refuses it as a duplicate:
 * MsgId = "SYM" + the key's 32 hex digits (35 characters, the ISO maximum), InstrId = the key's first 16
 * hex digits, UETR = the key (a version-4 UUID), EndToEndId = the instruction id, shortened to 35
 * characters if needed.
 */
final class Pacs008 {

  static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08";
  static final String MESSAGE_DEFINITION = "pacs.008.001.08";
  static final int MAX_ID_CHARS = 35; // Max35Text
  static final int MAX_TEXT_CHARS = 140; // Max140Text
  /** CBPR+: InstrId is restricted to 16 characters. */
  static final int MAX_INSTRUCTION_ID_CHARS = 16;
  /** CBPR+ placeholder for a mandatory name that is not known. */
  static final String NOT_PROVIDED = "NOTPROVIDED";

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

  /** PmtId/InstrId: 16 hex digits of the rail key (those of the message id), within the CBPR+ limit. */
  static String instructionId(RailKey railKey) {
    return messageId(railKey).substring(3, 3 + MAX_INSTRUCTION_ID_CHARS);
  }

  /** PmtId/UETR: the rail key when it is a (lower-case) version-4 UUID, as ISO requires; absent otherwise. */
  static Optional<String> uetr(RailKey railKey) {
    String v = railKey.value().toLowerCase(Locale.ROOT);
    return UUID_V4.matcher(v).matches() ? Optional.of(v) : Optional.empty();
  }

  /**
   * PmtId/EndToEndId: the instruction id in the SWIFT character set when it fits 35 characters; otherwise
   * its first 22 characters, "." and 12 hex digits of its SHA-256, so it stays recognisable and distinct.
   */
  static String endToEndId(String instructionId) {
    String id = identifier(instructionId);
    if (id.isEmpty()) return NOT_PROVIDED;
    if (id.length() <= MAX_ID_CHARS) return id;
    return identifier(id.substring(0, 22)) + "." + sha256Hex(instructionId).substring(0, 12);
  }

  /** The business message (AppHdr + Document), UTF-8 encoded. {@code now} is CreDtTm and CreDt. */
  static byte[] write(RailTransfer transfer, Creditor.BankAccount creditor, RtgsSettings settings, Instant now) {
    String msgId = messageId(transfer.railKey());
    OffsetDateTime created = now.atZone(settings.zone()).toOffsetDateTime();
    BusinessMessage.Header header = new BusinessMessage.Header(
        settings.instructingAgentBic(), settings.receiverBic(), msgId, MESSAGE_DEFINITION, settings.businessService(),
        created);
    return BusinessMessage.write(header, NAMESPACE, (w, ns) -> {
      w.writeStartElement(ns, "FIToFICstmrCdtTrf");
      w.writeStartElement(ns, "GrpHdr");
      leaf(w, "MsgId", msgId);
      leaf(w, "CreDtTm", BusinessMessage.dateTime(created));
      leaf(w, "NbOfTxs", "1");
      w.writeStartElement(ns, "SttlmInf");
      leaf(w, "SttlmMtd", "CLRG");
      w.writeEndElement(); // SttlmInf
      w.writeEndElement(); // GrpHdr

      w.writeStartElement(ns, "CdtTrfTxInf");
      w.writeStartElement(ns, "PmtId");
      leaf(w, "InstrId", instructionId(transfer.railKey()));
      leaf(w, "EndToEndId", endToEndId(transfer.instructionId()));
      Optional<String> uetr = uetr(transfer.railKey());
      if (uetr.isPresent()) leaf(w, "UETR", uetr.get());
      w.writeEndElement(); // PmtId
      w.writeStartElement(ns, "IntrBkSttlmAmt");
      w.writeAttribute("Ccy", transfer.amount().currency().name());
      w.writeCharacters(transfer.amount().toDecimalString());
      w.writeEndElement();
      leaf(w, "IntrBkSttlmDt", DATE.format(created.toLocalDate()));
      leaf(w, "ChrgBr", settings.chargeBearer());
      agent(w, "InstgAgt", settings.instructingAgentBic());
      agent(w, "InstdAgt", creditor.bic());
      w.writeStartElement(ns, "Dbtr");
      leaf(w, "Nm", name(settings.debtorName()));
      String participant = identifier(transfer.participantId());
      if (!participant.isEmpty()) {
        w.writeStartElement(ns, "Id");
        w.writeStartElement(ns, "OrgId");
        w.writeStartElement(ns, "Othr");
        leaf(w, "Id", clip(participant, MAX_ID_CHARS));
        w.writeEndElement(); // Othr
        w.writeEndElement(); // OrgId
        w.writeEndElement(); // Id
      }
      w.writeEndElement(); // Dbtr
      agent(w, "DbtrAgt", settings.instructingAgentBic());
      agent(w, "CdtrAgt", creditor.bic());
      w.writeStartElement(ns, "Cdtr");
      leaf(w, "Nm", name(creditor.name()));
      w.writeEndElement(); // Cdtr
      w.writeStartElement(ns, "CdtrAcct");
      w.writeStartElement(ns, "Id");
      w.writeStartElement(ns, "Othr");
      leaf(w, "Id", creditor.account());
      w.writeEndElement(); // Othr
      w.writeEndElement(); // Id
      w.writeEndElement(); // CdtrAcct
      String reference = clip(SwiftCharset.extended(transfer.reference()), MAX_TEXT_CHARS);
      if (!reference.isEmpty()) {
        w.writeStartElement(ns, "RmtInf");
        leaf(w, "Ustrd", reference);
        w.writeEndElement();
      }
      w.writeEndElement(); // CdtTrfTxInf
      w.writeEndElement(); // FIToFICstmrCdtTrf
    });
  }

  /** A party name in the CBPR+ name character set, at most 140 characters; absent → "NOTPROVIDED". */
  static String name(String name) {
    String clean = clip(SwiftCharset.extended(name), MAX_TEXT_CHARS);
    return clean.isEmpty() ? NOT_PROVIDED : clean;
  }

  /**
   * An identifier in FIN X, without the slashes CBPR+ forbids: none at the start or the end, never two in
   * a row (each offending '/' becomes '.').
   */
  static String identifier(String text) {
    StringBuilder id = new StringBuilder(SwiftCharset.restricted(text).replace(' ', '.'));
    for (int i = 0; i < id.length(); i++) {
      boolean edge = i == 0 || i == id.length() - 1;
      if (id.charAt(i) == '/' && (edge || id.charAt(i + 1) == '/')) id.setCharAt(i, '.');
    }
    return id.toString();
  }

  private static void leaf(XMLStreamWriter w, String name, String text) throws XMLStreamException {
    BusinessMessage.leaf(w, NAMESPACE, name, text);
  }

  private static void agent(XMLStreamWriter w, String name, String bic) throws XMLStreamException {
    w.writeStartElement(NAMESPACE, name);
    w.writeStartElement(NAMESPACE, "FinInstnId");
    leaf(w, "BICFI", bic);
    w.writeEndElement();
    w.writeEndElement();
  }

  /** Clipped after transliteration, which leaves only single-unit characters, then trimmed again. */
  private static String clip(String text, int max) {
    return (text.length() <= max ? text : text.substring(0, max)).trim();
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JVM spec", e);
    }
  }
}
