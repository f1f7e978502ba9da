package org.symphony.edge.supervisor;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.symphony.audit.incident.AuditIncident;
import org.symphony.audit.incident.IncidentFilter;
import org.symphony.audit.supervision.GapReport;
import org.symphony.audit.supervision.GapWindow;
import org.symphony.audit.supervision.IncidentReport;
import org.symphony.audit.supervision.Overview;

/** What the supervisor role may read; the node answers from the audit layer, never on the request threads. */
public interface SupervisorReads {

  CompletionStage<GapReport> gaps(GapWindow window);

  CompletionStage<Overview> overview();

  CompletionStage<List<AuditIncident>> incidents(IncidentFilter filter);

  /** By reference (INC-…); empty when there is no such incident. */
  CompletionStage<Optional<IncidentReport>> report(String reference);
}
