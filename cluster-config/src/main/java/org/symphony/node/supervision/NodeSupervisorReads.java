package org.symphony.node.supervision;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.symphony.audit.incident.AuditIncident;
import org.symphony.audit.incident.AuditIncidents;
import org.symphony.audit.incident.IncidentFilter;
import org.symphony.audit.supervision.GapAnalysis;
import org.symphony.audit.supervision.GapReport;
import org.symphony.audit.supervision.GapWindow;
import org.symphony.audit.supervision.IncidentReport;
import org.symphony.audit.supervision.Overview;
import org.symphony.edge.supervisor.SupervisorReads;

/** The supervisor's reads: gap analysis and overview stream over R2DBC; incidents and reports are JDBC, off the dispatcher. */
final class NodeSupervisorReads implements SupervisorReads {

  private final GapAnalysis gaps;
  private final Memo<Overview> overviews;
  private final AuditIncidents incidents;
  private final IncidentReports reports;
  private final Executor blocking;

  NodeSupervisorReads(GapAnalysis gaps, Memo<Overview> overviews, AuditIncidents incidents, IncidentReports reports, Executor blocking) {
    this.gaps = gaps;
    this.overviews = overviews;
    this.incidents = incidents;
    this.reports = reports;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<GapReport> gaps(GapWindow window) {
    return gaps.report(window);
  }

  @Override
  public CompletionStage<Overview> overview() {
    return overviews.get();
  }

  @Override
  public CompletionStage<List<AuditIncident>> incidents(IncidentFilter filter) {
    return OffDispatcher.call(() -> incidents.list(filter), blocking);
  }

  @Override
  public CompletionStage<Optional<IncidentReport>> report(String reference) {
    return OffDispatcher.call(() -> reports.build(reference), blocking);
  }
}
