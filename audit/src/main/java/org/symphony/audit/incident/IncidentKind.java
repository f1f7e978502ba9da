package org.symphony.audit.incident;

/** What an operator must look at; stored as the enum name in {@code audit_incident.kind}. */
public enum IncidentKind {
  /** The wall clock moved backwards past the tolerance; attestations were refused (fail closed). */
  CLOCK_BACKWARDS,
  /** An instruction was given up after the bounded dispatch attempts (terminal FAILED, reason DLQ). */
  DLQ,
  /** An instruction got no final rail answer within the TTL: UNKNOWN_OUTCOME, for an operator to resolve. */
  UNKNOWN_OUTCOME
}
