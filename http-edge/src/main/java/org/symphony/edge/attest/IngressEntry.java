package org.symphony.edge.attest;

import java.time.Instant;

/**
 * What the edge attests about one request: who (verified identity or "unauthenticated"), which request,
 * the body's hash — never the body — and whether it was forwarded to the engine or refused here.
 */
public record IngressEntry(
    Instant receivedAt,
    String subject,
    String keyId,
    String requestId,
    String idempotencyKey,
    String method,
    String path,
    String bodySha256,
    boolean forwarded,
    String problemCode,
    Integer httpStatus) {

  public static final String UNAUTHENTICATED = "unauthenticated";
}
