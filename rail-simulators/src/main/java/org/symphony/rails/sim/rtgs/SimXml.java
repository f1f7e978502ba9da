package org.symphony.rails.sim.rtgs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The simulated RTGS's own XML parsing for what participants send it, hardened as a real gateway's would
 * be: a DOCTYPE is refused (so no entity is ever declared or resolved), nothing external is fetched,
 * XInclude is off and depth is capped. It shares nothing with the adapter's parser on purpose.
 */
final class SimXml {

  /** ISO 20022 business messages nest about 12 levels deep. */
  static final int MAX_ELEMENT_DEPTH = 64;

  private static final DocumentBuilderFactory FACTORY = hardenedFactory();

  private SimXml() {}

  /** Not well-formed, a DOCTYPE, or too deep. */
  static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  static Document parse(byte[] xml) {
    try {
      DocumentBuilder builder = FACTORY.newDocumentBuilder(); // cheap; not thread-safe, so one per message
      builder.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("external entities are not allowed: " + systemId);
      });
      builder.setErrorHandler(THROWING);
      return builder.parse(new InputSource(new ByteArrayInputStream(xml)));
    } catch (SAXException | IOException e) {
      throw new Malformed("not well-formed or not allowed XML: " + clip(e.getMessage()));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser cannot be hardened", e);
    }
  }

  /** The first child element with this local name, in the parent's namespace. */
  static Optional<Element> child(Element parent, String localName) {
    return children(parent, localName).stream().findFirst();
  }

  static List<Element> children(Element parent, String localName) {
    List<Element> found = new ArrayList<>();
    for (Element e : elements(parent))
      if (localName.equals(e.getLocalName()) && Objects.equals(parent.getNamespaceURI(), e.getNamespaceURI())) found.add(e);
    return found;
  }

  /** Element children, whatever their namespace. */
  static List<Element> elements(Element parent) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element) found.add((Element) n);
    return found;
  }

  static Optional<Element> path(Element start, String... localNames) {
    Optional<Element> at = Optional.of(start);
    for (String name : localNames) at = at.flatMap(e -> child(e, name));
    return at;
  }

  /** The trimmed text directly in the element at the path; empty when absent or blank. */
  static Optional<String> text(Element start, String... localNames) {
    return path(start, localNames).map(SimXml::ownText).filter(t -> !t.isEmpty());
  }

  static String ownText(Element element) {
    StringBuilder text = new StringBuilder();
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling())
      if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) text.append(n.getNodeValue());
    return text.toString().trim();
  }

  private static final ErrorHandler THROWING =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      };

  private static DocumentBuilderFactory hardenedFactory() {
    DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
    try {
      f.setNamespaceAware(true);
      f.setValidating(false);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setAttribute("jdk.xml.maxElementDepth", Integer.toString(MAX_ELEMENT_DEPTH));
    } catch (ParserConfigurationException | IllegalArgumentException e) {
      throw new IllegalStateException("the JDK XML parser cannot be hardened", e);
    }
    return f;
  }

  static String clip(String message) {
    String m = String.valueOf(message);
    return m.length() <= 200 ? m : m.substring(0, 200) + "…";
  }
}
