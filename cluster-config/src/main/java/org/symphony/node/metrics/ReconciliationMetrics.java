package org.symphony.node.metrics;

import java.time.Duration;
import java.util.Map;
import kamon.Kamon;
import kamon.metric.MeasurementUnit;
import org.symphony.audit.incident.AuditIncident;
import org.symphony.audit.reconcile.ReconciliationKind;
import org.symphony.audit.reconcile.ReconciliationListener;

/** The reconciliation worker's KPIs in Prometheus: open ghosts, reconciled, zombies repaired, open incidents, MTTR. */
public final class ReconciliationMetrics implements ReconciliationListener {

  public static final String OPEN_GHOSTS = "symphony.ghosts.open";
  public static final String RECONCILED = "symphony.reconciled";
  public static final String ZOMBIES_REPAIRED = "symphony.zombies.repaired";
  public static final String OPEN_INCIDENTS = "symphony.incidents.open";
  public static final String MTTR = "symphony.incident.mttr";

  @Override
  public void reconciled(ReconciliationKind kind) {
    Kamon.counter(RECONCILED).withTag("kind", kind.name()).increment();
  }

  @Override
  public void zombieRepaired() {
    Kamon.counter(ZOMBIES_REPAIRED).withoutTags().increment();
  }

  @Override
  public void incidentResolved(AuditIncident incident, Duration timeToResolve) {
    Kamon.histogram(MTTR, MeasurementUnit.time().seconds())
        .withTag("kind", incident.kind())
        .withTag("resolution", incident.status().name())
        .record(Math.max(0, timeToResolve.toSeconds()));
  }

  @Override
  public void openCounts(long openGhosts, Map<String, Long> openIncidentsByKind) {
    Kamon.gauge(OPEN_GHOSTS).withoutTags().update(openGhosts);
    openIncidentsByKind.forEach((kind, n) -> Kamon.gauge(OPEN_INCIDENTS).withTag("kind", kind).update(n));
  }
}
