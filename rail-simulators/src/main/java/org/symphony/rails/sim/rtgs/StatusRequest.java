package org.symphony.rails.sim.rtgs;

import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * A validated pacs.028.001.03 FI-to-FI payment status request about one pacs.008: what the simulated RTGS
 * answers on {@code POST /iso20022/pacs.028} with the original's pacs.002.
 *
 * @param requestId the request's own GrpHdr/MsgId
 * @param originalMessageId TxInf/OrgnlGrpInf/OrgnlMsgId (or the group's OrgnlGrpInf/OrgnlMsgId)
 * @param originalInstructionId TxInf/OrgnlInstrId, if given
 * @param originalUetr TxInf/OrgnlUETR, if given
 */
record StatusRequest(
    String requestId, String originalMessageId, Optional<String> originalInstructionId, Optional<String> originalUetr) {

  static final String MESSAGE_NAME = Iso20022Schemas.PACS_028;

  /** @throws RtgsSimRejection FF01 when it is not a valid request about exactly one pacs.008 */
  static StatusRequest parse(byte[] xml) {
    ReceivedMessage received = ReceivedMessage.parse(xml, MESSAGE_NAME, "FIToFIPmtStsReq");
    String requestId = received.messageId();
    List<Element> transactions = SimXml.children(received.content(), "TxInf");
    if (transactions.size() > 1)
      throw new RtgsSimRejection(ReceivedMessage.FORMAT_REASON, requestId, "one TxInf per status request is supported");
    Optional<Element> tx = transactions.stream().findFirst();
    Optional<Element> original = tx.flatMap(t -> SimXml.child(t, "OrgnlGrpInf"))
        .or(() -> SimXml.child(received.content(), "OrgnlGrpInf"));
    String originalMessageId = original.flatMap(o -> SimXml.text(o, "OrgnlMsgId"))
        .orElseThrow(() -> new RtgsSimRejection(ReceivedMessage.FORMAT_REASON, requestId, "the request names no OrgnlMsgId"));
    String originalName = original.flatMap(o -> SimXml.text(o, "OrgnlMsgNmId")).orElseThrow();
    if (!originalName.equals(CreditTransfer.MESSAGE_NAME))
      throw new RtgsSimRejection(ReceivedMessage.FORMAT_REASON, requestId, "status is kept for " + CreditTransfer.MESSAGE_NAME
          + " only, not " + originalName);
    return new StatusRequest(requestId, originalMessageId, tx.flatMap(t -> SimXml.text(t, "OrgnlInstrId")),
        tx.flatMap(t -> SimXml.text(t, "OrgnlUETR")));
  }
}
