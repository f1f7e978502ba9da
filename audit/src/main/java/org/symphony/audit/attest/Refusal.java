package org.symphony.audit.attest;

import java.time.Instant;
import java.util.Objects;

/**
 * One request refused before it proved an identity (no, invalid or expired token), as the edge counts it: where it
 * came from, what it asked for and why it was refused. Never a row of its own; see {@link RefusalTally}.
 */
public record Refusal(
    Instant receivedAt, String requestId, String source, String method, String path, String problemCode, int httpStatus) {

  public Refusal {
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(problemCode, "problemCode");
    if (httpStatus < 400 || httpStatus > 599) throw new IllegalArgumentException("not a refusal status: " + httpStatus);
  }
}
