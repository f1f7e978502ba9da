package org.symphony.audit.attest;

import java.time.Instant;
import org.symphony.audit.chain.AttestationRow.Outcome;

/** Ingress records as the edge would make them. */
public final class Records {

  private static final String BODY_SHA = "ab".repeat(32);

  private Records() {}

  public static IngressRecord forwarded(Instant receivedAt, String requestId) {
    return new IngressRecord(receivedAt, "participant-1", "key-1", requestId, "idem-" + requestId, "POST",
        "/v1/instructions", BODY_SHA, Outcome.FORWARDED, null, null);
  }

  public static IngressRecord rejected(Instant receivedAt, String requestId) {
    return new IngressRecord(receivedAt, IngressRecord.UNAUTHENTICATED, null, requestId, null, "POST",
        "/v1/instructions", null, Outcome.REJECTED, "UNAUTHENTICATED", 401);
  }
}
