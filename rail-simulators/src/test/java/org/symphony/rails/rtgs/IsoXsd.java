package org.symphony.rails.rtgs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/** The official ISO 20022 schemas (rail-simulators resources /iso20022), for tests of what the adapter writes. */
final class IsoXsd {

  private IsoXsd() {}

  /** The first violation of {@code element} against the schema of {@code message} (e.g. "pacs.008.001.08"). */
  static Optional<String> violation(String message, Element element) {
    try (InputStream xsd = IsoXsd.class.getResourceAsStream("/iso20022/" + message + ".xsd")) {
      if (xsd == null) throw new IllegalStateException("no schema " + message);
      SchemaFactory factory = SchemaFactory.newDefaultInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      Schema schema = factory.newSchema(new StreamSource(xsd));
      schema.newValidator().validate(new DOMSource(element));
      return Optional.empty();
    } catch (SAXException e) {
      return Optional.of(e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** AppHdr or Document of a business message (the envelope has no namespace; its parts each have theirs). */
  static Element part(byte[] businessMessage, String name) {
    Element envelope = SecureXml.parse(businessMessage).getDocumentElement();
    if (!"RequestPayload".equals(envelope.getLocalName())) throw new AssertionError("not a business message");
    return SecureXml.elementChildren(envelope).stream()
        .filter(e -> name.equals(e.getLocalName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name));
  }
}
