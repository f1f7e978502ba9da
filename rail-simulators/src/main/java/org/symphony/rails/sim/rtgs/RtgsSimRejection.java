package org.symphony.rails.sim.rtgs;

/**
 * A pacs.008 the simulated RTGS refuses as a whole (400 with a pacs.002 group status RJCT), with the ISO
 * reason code and, when the message got that far, its MsgId.
 */
final class RtgsSimRejection extends RuntimeException {

  /** What an ISO status report names when the original message id could not be read. */
  static final String NO_REFERENCE = "NONREF";

  private final String reasonCode;
  private final String messageId;

  RtgsSimRejection(String reasonCode, String messageId, String message) {
    super(message, null, false, false); // control flow for a client error: no stack trace needed
    this.reasonCode = reasonCode;
    this.messageId = messageId == null ? NO_REFERENCE : messageId;
  }

  String reasonCode() {
    return reasonCode;
  }

  String messageId() {
    return messageId;
  }
}
