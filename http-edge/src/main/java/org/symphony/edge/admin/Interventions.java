package org.symphony.edge.admin;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.symphony.audit.intervention.ApprovalResult;
import org.symphony.audit.intervention.Intervention;
import org.symphony.audit.intervention.InterventionDesk;
import org.symphony.audit.intervention.ProposalResult;

/** The manual intervention queue as operators use it (four eyes); the node runs it off the request threads. */
public interface Interventions {

  CompletionStage<List<Intervention>> open();

  CompletionStage<ProposalResult> propose(String reference, String resolution, String reason, String evidence, String operator);

  CompletionStage<ApprovalResult> approve(String reference, String operator, String reason);

  CompletionStage<InterventionDesk.RejectionResult> reject(String reference, String operator, String reason);
}
