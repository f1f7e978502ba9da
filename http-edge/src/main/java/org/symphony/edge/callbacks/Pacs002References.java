package org.symphony.edge.callbacks;

import java.io.ByteArrayInputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The rail key named by a pushed pacs.002 status report: its OrgnlUETR (our key itself) or, failing
 * that, its OrgnlMsgId (our key's 32 hex digits). Read with StAX, DTDs and external entities off.
 */
final class Pacs002References {

  private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern HEX32 = Pattern.compile("[0-9A-Fa-f]{32}");
  /** Bounds the reader: a status report of one transfer is small. */
  private static final int MAX_ELEMENTS = 2_000;

  private Pacs002References() {}

  static Optional<String> railKey(byte[] xml) {
    String uetr = null;
    String msgId = null;
    try {
      XMLInputFactory factory = XMLInputFactory.newFactory();
      factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
      factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
      XMLStreamReader r = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
      int elements = 0;
      while (r.hasNext() && elements < MAX_ELEMENTS) {
        if (r.next() != XMLStreamConstants.START_ELEMENT) continue;
        elements++;
        String name = r.getLocalName();
        if (uetr == null && "OrgnlUETR".equals(name)) uetr = r.getElementText().trim();
        else if (msgId == null && "OrgnlMsgId".equals(name)) msgId = r.getElementText().trim();
      }
    } catch (XMLStreamException | RuntimeException e) {
      return Optional.empty();
    }
    if (uetr != null && UUID.matcher(uetr.toLowerCase(Locale.ROOT)).matches()) return Optional.of(uetr.toLowerCase(Locale.ROOT));
    if (msgId != null && HEX32.matcher(msgId).matches()) {
      String h = msgId.toLowerCase(Locale.ROOT);
      return Optional.of(h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20));
    }
    return Optional.empty();
  }
}
