package org.symphony.rails.sim.rtgs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * A business message as the simulated RTGS's gateway takes it: {@code <RequestPayload>} (no namespace)
 * holding a head.001.001.02 AppHdr and the Document, each valid against its ISO schema, the AppHdr naming
 * the Document (BizMsgIdr = GrpHdr/MsgId, MsgDefIdr = the message). Anything else is refused as a whole
 * with FF01 ("invalid file format": ISO ExternalStatusReason1Code, what schema failures are answered
 * with), naming the message id when it can be read.
 *
 * @param appHdr the validated AppHdr
 * @param content the Document's one child (FIToFICstmrCdtTrf, FIToFIPmtStsReq)
 * @param messageId GrpHdr/MsgId
 */
record ReceivedMessage(Element appHdr, Element content, String messageId) {

  static final String ENVELOPE = "RequestPayload";
  /** The reason of a message that is not a schema-valid business message. */
  static final String FORMAT_REASON = "FF01";
  /** CBPR+ date-times: an explicit offset, not "Z" (nor none). */
  static final Pattern OFFSET_DATE_TIME =
      Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,3})?[+-]((0[0-9])|(1[0-4])):[0-5][0-9]$");

  private static final int MAX_ID = 35;

  /** @throws RtgsSimRejection FF01 */
  static ReceivedMessage parse(byte[] xml, String message, String contentName) {
    Element root;
    try {
      root = SimXml.parse(xml).getDocumentElement();
    } catch (SimXml.Malformed e) {
      throw new RtgsSimRejection(FORMAT_REASON, null, e.getMessage());
    }
    if (!ENVELOPE.equals(root.getLocalName()) || root.getNamespaceURI() != null)
      throw new RtgsSimRejection(FORMAT_REASON, null, "not a business message: <" + ENVELOPE + "> with AppHdr and Document expected");
    List<Element> parts = SimXml.elements(root);
    Optional<Element> appHdr = part(parts, "AppHdr", Iso20022Schemas.namespace(Iso20022Schemas.HEAD_001));
    Optional<Element> document = part(parts, "Document", Iso20022Schemas.namespace(message));
    if (document.isEmpty()) throw new RtgsSimRejection(FORMAT_REASON, null, "no " + message + " Document");
    Element content = SimXml.child(document.get(), contentName)
        .orElseThrow(() -> new RtgsSimRejection(FORMAT_REASON, null, contentName + " is missing"));
    // the id names the refusal only if it is one: a pacs.002's OrgnlMsgId is Max35Text
    String reference = SimXml.text(content, "GrpHdr", "MsgId").filter(id -> id.length() <= MAX_ID).orElse(null);
    if (parts.size() != 2 || appHdr.isEmpty())
      throw new RtgsSimRejection(FORMAT_REASON, reference, "a business message is one AppHdr and one Document");
    Optional<String> invalid = Iso20022Schemas.violation(message, document.get())
        .or(() -> Iso20022Schemas.violation(Iso20022Schemas.HEAD_001, appHdr.get()));
    if (invalid.isPresent()) throw new RtgsSimRejection(FORMAT_REASON, reference, invalid.get());
    if (!SimXml.text(appHdr.get(), "BizMsgIdr").equals(Optional.of(reference)))
      throw new RtgsSimRejection(FORMAT_REASON, reference, "AppHdr/BizMsgIdr is not the document's MsgId");
    if (!SimXml.text(appHdr.get(), "MsgDefIdr").equals(Optional.of(message)))
      throw new RtgsSimRejection(FORMAT_REASON, reference, "AppHdr/MsgDefIdr is not " + message);
    return new ReceivedMessage(appHdr.get(), content, reference);
  }

  private static Optional<Element> part(List<Element> parts, String name, String namespace) {
    return parts.stream().filter(e -> name.equals(e.getLocalName()) && namespace.equals(e.getNamespaceURI())).findFirst();
  }
}
