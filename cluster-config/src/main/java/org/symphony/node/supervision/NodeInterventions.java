package org.symphony.node.supervision;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.symphony.audit.incident.AuditIncidents;
import org.symphony.audit.intervention.ApprovalResult;
import org.symphony.audit.intervention.Intervention;
import org.symphony.audit.intervention.InterventionDesk;
import org.symphony.audit.intervention.ProposalResult;
import org.symphony.edge.admin.Interventions;

/** The four-eyes desk behind /admin/interventions, run off the dispatcher (JDBC, and a wait for the entity). */
final class NodeInterventions implements Interventions {

  private final InterventionDesk desk;
  private final Executor blocking;

  NodeInterventions(InterventionDesk desk, Executor blocking) {
    this.desk = desk;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<List<Intervention>> open() {
    return OffDispatcher.call(() -> desk.open(AuditIncidents.MAX_LIST), blocking);
  }

  @Override
  public CompletionStage<ProposalResult> propose(String reference, String resolution, String reason, String evidence, String operator) {
    return OffDispatcher.call(() -> desk.propose(reference, resolution, reason, evidence, operator), blocking);
  }

  @Override
  public CompletionStage<ApprovalResult> approve(String reference, String operator, String reason) {
    return OffDispatcher.call(() -> desk.approve(reference, operator, reason), blocking);
  }

  @Override
  public CompletionStage<InterventionDesk.RejectionResult> reject(String reference, String operator, String reason) {
    return OffDispatcher.call(() -> desk.reject(reference, operator, reason), blocking);
  }
}
