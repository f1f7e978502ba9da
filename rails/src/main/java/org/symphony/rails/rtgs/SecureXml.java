package org.symphony.rails.rtgs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
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
import org.symphony.rails.http.WireText;

/**
 * XML parsing for documents that come from the network (ISO 20022 messages), hardened against XXE and
 * entity expansion: a DOCTYPE is refused outright (so no entity, internal or external, is ever declared
 * or resolved), external DTDs/schemas are never fetched, XInclude is off, and element depth is capped.
 * Anything the parser refuses is {@link Malformed}; nothing is printed to stderr.
 *
 * <p>The navigation helpers read ISO 20022 documents, which put every element in one namespace: a child
 * is looked up by local name in its parent's namespace.
 */
public final class SecureXml {

  /** ISO 20022 messages nest about 10 levels deep; far deeper input is an attack or junk. */
  static final int MAX_ELEMENT_DEPTH = 64;

  private static final DocumentBuilderFactory FACTORY = hardenedFactory();
  // DocumentBuilder is not thread-safe; one per thread, reset after every use.
  private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(SecureXml::newBuilder);

  private SecureXml() {}

  /** The document was refused: not well-formed, or it declares a DOCTYPE, or it is too deep. */
  public static final class Malformed extends RuntimeException {
    public Malformed(String message) {
      super(message, null, false, false); // an expected outcome for junk input: no stack trace needed
    }
  }

  /** Parses bytes; the encoding comes from the XML declaration (UTF-8 when absent). */
  public static Document parse(byte[] xml) {
    Objects.requireNonNull(xml, "xml");
    return parse(new InputSource(new ByteArrayInputStream(xml)));
  }

  /** Parses text that was already decoded. */
  public static Document parse(String xml) {
    Objects.requireNonNull(xml, "xml");
    // a byte-order mark decoded into the text is not part of the document
    String text = xml.startsWith("\uFEFF") ? xml.substring(1) : xml;
    return parse(new InputSource(new StringReader(text)));
  }

  private static Document parse(InputSource source) {
    DocumentBuilder builder = BUILDER.get();
    try {
      return builder.parse(source);
    } catch (SAXException e) {
      throw new Malformed("not well-formed or not allowed XML: " + clip(e.getMessage()));
    } catch (IOException e) {
      throw new Malformed("unreadable XML: " + clip(e.getMessage()));
    } finally {
      builder.reset();
      builder.setEntityResolver(SecureXml::refuseEntity);
      builder.setErrorHandler(THROWING);
    }
  }

  // --- navigation ----------------------------------------------------------------------------------

  /** The first child element with this local name in the parent's namespace. */
  public static Optional<Element> child(Element parent, String localName) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling())
      if (n instanceof Element && isNamed((Element) n, parent.getNamespaceURI(), localName)) return Optional.of((Element) n);
    return Optional.empty();
  }

  /** Every child element with this local name in the parent's namespace, in document order. */
  public static List<Element> children(Element parent, String localName) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling())
      if (n instanceof Element && isNamed((Element) n, parent.getNamespaceURI(), localName)) found.add((Element) n);
    return found;
  }

  /** Follows the first matching child at each step. */
  public static Optional<Element> path(Element start, String... localNames) {
    Optional<Element> at = Optional.of(start);
    for (String name : localNames) {
      if (at.isEmpty()) return at;
      at = child(at.get(), name);
    }
    return at;
  }

  /** The trimmed text directly inside the element at the path; empty when absent or blank. */
  public static Optional<String> text(Element start, String... localNames) {
    return path(start, localNames).map(SecureXml::ownText).filter(t -> !t.isEmpty());
  }

  /** Text and CDATA directly inside the element (not recursive: a leaf's value), trimmed. */
  public static String ownText(Element element) {
    StringBuilder text = new StringBuilder();
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling())
      if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) text.append(n.getNodeValue());
    return text.toString().trim();
  }

  /** Element children only (whitespace and comments skipped). */
  public static List<Element> elementChildren(Element parent) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element) found.add((Element) n);
    return found;
  }

  private static boolean isNamed(Element e, String namespace, String localName) {
    return localName.equals(e.getLocalName()) && Objects.equals(namespace, e.getNamespaceURI());
  }

  // --- hardening -----------------------------------------------------------------------------------

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

  private static InputSource refuseEntity(String publicId, String systemId) throws SAXException {
    throw new SAXException("external entities are not allowed: " + systemId);
  }

  private static DocumentBuilderFactory hardenedFactory() {
    // the JDK's own parser, whatever else is on the classpath: the features below are known to it
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

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilder builder = FACTORY.newDocumentBuilder();
      builder.setEntityResolver(SecureXml::refuseEntity);
      builder.setErrorHandler(THROWING);
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser cannot be hardened", e);
    }
  }

  private static String clip(String message) {
    String m = String.valueOf(message);
    return WireText.excerpt(m, 200);
  }
}
