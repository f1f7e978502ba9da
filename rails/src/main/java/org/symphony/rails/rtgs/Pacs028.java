package org.symphony.rails.rtgs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.symphony.engine.rail.RailKey;

/**
 * The ISO 20022 FI-to-FI payment status request (pacs.028.001.03, the version the CBPR+ usage guidelines
 * use) about one pacs.008, with its head.001 AppHdr: the adapter's way to ask the RTGS what became of a
 * transfer. It names the original by OrgnlGrpInf (OrgnlMsgId, OrgnlMsgNmId pacs.008.001.08), OrgnlInstrId
 * and OrgnlUETR, all pure functions of the rail key; the request itself has a fresh MsgId.
 */
final class Pacs028 {

  static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pacs.028.001.03";
  static final String MESSAGE_DEFINITION = "pacs.028.001.03";
  /** Status request ids start with this; the rest is 32 random hex digits (35 characters in all). */
  static final String ID_PREFIX = "SYQ";

  private Pacs028() {}

  /** A fresh GrpHdr/MsgId for one status request. */
  static String newMessageId() {
    byte[] random = new byte[16];
    ThreadLocalRandom.current().nextBytes(random);
    return ID_PREFIX + HexFormat.of().withUpperCase().formatHex(random);
  }

  /** The business message (AppHdr + Document), UTF-8 encoded. */
  static byte[] write(String requestId, RailKey railKey, RtgsSettings settings, Instant now) {
    OffsetDateTime created = now.atZone(settings.zone()).toOffsetDateTime();
    BusinessMessage.Header header = new BusinessMessage.Header(
        settings.instructingAgentBic(), settings.receiverBic(), requestId, MESSAGE_DEFINITION,
        settings.businessService(), created);
    return BusinessMessage.write(header, NAMESPACE, (w, ns) -> {
      w.writeStartElement(ns, "FIToFIPmtStsReq");
      w.writeStartElement(ns, "GrpHdr");
      BusinessMessage.leaf(w, ns, "MsgId", requestId);
      BusinessMessage.leaf(w, ns, "CreDtTm", BusinessMessage.dateTime(created));
      w.writeEndElement(); // GrpHdr
      w.writeStartElement(ns, "TxInf");
      w.writeStartElement(ns, "OrgnlGrpInf");
      BusinessMessage.leaf(w, ns, "OrgnlMsgId", Pacs008.messageId(railKey));
      BusinessMessage.leaf(w, ns, "OrgnlMsgNmId", Pacs008.MESSAGE_DEFINITION);
      w.writeEndElement(); // OrgnlGrpInf
      BusinessMessage.leaf(w, ns, "OrgnlInstrId", Pacs008.instructionId(railKey));
      Optional<String> uetr = Pacs008.uetr(railKey);
      if (uetr.isPresent()) BusinessMessage.leaf(w, ns, "OrgnlUETR", uetr.get());
      w.writeEndElement(); // TxInf
      w.writeEndElement(); // FIToFIPmtStsReq
    });
  }
}
