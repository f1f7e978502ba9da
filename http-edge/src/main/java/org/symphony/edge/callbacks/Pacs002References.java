package org.symphony.edge.callbacks;

import java.io.ByteArrayInputStream;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.symphony.engine.rail.RailKey;

/**
 * The rail key named by a pushed pacs.002 status report: its OrgnlUETR (our key itself) or, failing
 * that, its OrgnlMsgId (our key's 32 hex digits). Read with StAX, DTDs and external entities off.
 */
final class Pacs002References {

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
    if (uetr != null && RailKey.isWellFormed(uetr.toLowerCase(Locale.ROOT))) return Optional.of(uetr.toLowerCase(Locale.ROOT));
    return RailKey.fromCompactHex(msgId).map(RailKey::value);
  }
}
