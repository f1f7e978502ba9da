package org.symphony.audit.reconcile;

import java.time.Duration;
import java.util.Map;
import org.symphony.audit.incident.AuditIncident;

/** What the worker did, for metrics (the node exports these to Prometheus). Calls must not block or throw. */
public interface ReconciliationListener {

  ReconciliationListener NONE = new ReconciliationListener() {};

  default void reconciled(ReconciliationKind kind) {}

  default void zombieRepaired() {}

  default void incidentResolved(AuditIncident incident, Duration timeToResolve) {}

  /** After each cycle: open ghosts, and open incidents by kind. */
  default void openCounts(long openGhosts, Map<String, Long> openIncidentsByKind) {}
}
