package org.symphony.rails.sim.rtgs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * The official ISO 20022 schemas the simulated RTGS checks what it receives against (resources
 * {@code /iso20022/*.xsd}, see the README there), compiled once. Validation runs with secure processing
 * and without access to anything external (the schemas import nothing).
 */
final class Iso20022Schemas {

  static final String HEAD_001 = "head.001.001.02";
  static final String PACS_002 = "pacs.002.001.10";
  static final String PACS_008 = "pacs.008.001.08";
  static final String PACS_028 = "pacs.028.001.03";

  private static final Map<String, Schema> SCHEMAS =
      Map.of(HEAD_001, load(HEAD_001), PACS_002, load(PACS_002), PACS_008, load(PACS_008), PACS_028, load(PACS_028));

  private Iso20022Schemas() {}

  static String namespace(String message) {
    return "urn:iso:std:iso:20022:tech:xsd:" + message;
  }

  /** The first schema violation of the element (an AppHdr or a Document), if any. */
  static Optional<String> violation(String message, Element element) {
    Schema schema = SCHEMAS.get(message);
    if (schema == null) throw new IllegalArgumentException("no schema for " + message);
    Validator validator = schema.newValidator(); // not thread-safe: one per message
    try {
      validator.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      validator.validate(new DOMSource(element));
      return Optional.empty();
    } catch (SAXException e) {
      return Optional.of(message + " schema: " + SimXml.clip(e.getMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Schema load(String message) {
    String resource = "/iso20022/" + message + ".xsd";
    try (InputStream xsd = Iso20022Schemas.class.getResourceAsStream(resource)) {
      if (xsd == null) throw new IllegalStateException("missing schema resource " + resource);
      SchemaFactory factory = SchemaFactory.newDefaultInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      return factory.newSchema(new StreamSource(xsd, resource));
    } catch (SAXException e) {
      throw new IllegalStateException("schema " + resource + " does not compile", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
