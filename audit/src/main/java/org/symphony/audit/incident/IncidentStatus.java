package org.symphony.audit.incident;

/** OPEN until exactly one resolution is recorded (incident_resolution); the three endings are final. */
public enum IncidentStatus {
  OPEN,
  /** Repaired by the reconciliation worker or by the engine itself. */
  AUTO_FIXED,
  /** Closed by two operators (four eyes) with evidence. */
  MANUAL_RESOLVED,
  /** Nothing can be repaired (e.g. a ghost the participant will not resubmit); closed by two operators. */
  ABANDONED
}
