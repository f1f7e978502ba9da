package org.symphony.audit.supervision;

/** A participant as a supervisor sees it. */
public enum HealthStatus {
  HEALTHY,
  /** Something waits for operators or the worker: interventions, zombies, other open incidents. */
  ACTION_REQUIRED,
  /** Something may be lost: unreconciled attestations, open ghosts, or sequence holes. */
  CRITICAL_GAP_DETECTED
}
