package org.symphony.edge.attest;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.symphony.edge.auth.Caller;

/**
 * What one request has revealed about itself so far, filled in by the routes as checks pass; read once
 * when the request is attested. Forwarding is attempted at most once, and a request whose forwarding
 * was attempted is never attested a second time as a refusal: exactly one row per request.
 */
public final class AttestationSlip {

  private final Instant receivedAt;
  private final String requestId;
  private final String method;
  private final String path;
  private final String source;
  private final AtomicBoolean forwardAttempted = new AtomicBoolean();
  private volatile Caller caller;
  private volatile String idempotencyKey;
  private volatile String bodySha256;

  AttestationSlip(Instant receivedAt, String requestId, String method, String path, String source) {
    this.receivedAt = receivedAt;
    this.requestId = requestId;
    this.method = method;
    this.path = path;
    this.source = source;
  }

  public void identified(Caller caller) {
    this.caller = caller;
  }

  public void idempotencyKey(String key) {
    this.idempotencyKey = key;
  }

  public void body(String sha256) {
    this.bodySha256 = sha256;
  }

  public String requestId() {
    return requestId;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  /** The client's address as the connection shows it (never a header the client could choose). */
  String source() {
    return source;
  }

  Caller caller() {
    return caller;
  }

  boolean markForwardAttempted() {
    return forwardAttempted.compareAndSet(false, true);
  }

  boolean forwardAttempted() {
    return forwardAttempted.get();
  }

  IngressEntry entry(Caller identity, boolean forwarded, String problemCode, Integer httpStatus) {
    return new IngressEntry(
        receivedAt,
        identity == null ? IngressEntry.UNAUTHENTICATED : identity.subject(),
        identity == null ? null : identity.keyId(),
        requestId,
        idempotencyKey,
        method,
        path,
        bodySha256,
        forwarded,
        problemCode,
        httpStatus);
  }
}
