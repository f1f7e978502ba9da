package org.symphony.audit.incident;

/** What an operator or supervisor must look at; stored as the enum name in {@code audit_incident.kind}. */
public enum IncidentKind {
  /** The wall clock moved backwards past the tolerance; attestations were refused (fail closed). */
  CLOCK_BACKWARDS,
  /** An instruction was given up after the bounded dispatch attempts (terminal FAILED, reason DLQ). */
  DLQ,
  /** An instruction got no final rail answer within the TTL: UNKNOWN_OUTCOME, for an operator to resolve. */
  UNKNOWN_OUTCOME,
  /** A forwarded attestation with no instruction under its participant + Idempotency-Key after the retry window. */
  GHOST_RECOVERY,
  /** An instruction made no progress (PENDING, IN_FLIGHT, RECOVERING) past its bound: a zombie. */
  STUCK_IN_FLIGHT,
  /** A participant's sequence id with no instruction and no VOID (INV-SEQ). */
  SEQUENCE_GAP;

  /** The kind stored as text; empty for a kind this node does not know (written by a newer one). */
  public static java.util.Optional<IncidentKind> of(String name) {
    for (IncidentKind k : values()) if (k.name().equals(name)) return java.util.Optional.of(k);
    return java.util.Optional.empty();
  }

  /** Kinds only two operators can close (the manual intervention queue). */
  public boolean needsOperators() {
    return this == DLQ || this == UNKNOWN_OUTCOME || this == GHOST_RECOVERY;
  }
}
