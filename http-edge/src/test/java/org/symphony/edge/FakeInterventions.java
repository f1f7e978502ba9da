package org.symphony.edge;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.symphony.audit.intervention.ApprovalResult;
import org.symphony.audit.intervention.Intervention;
import org.symphony.audit.intervention.ProposalResult;
import org.symphony.edge.admin.Interventions;

/** An empty intervention queue that counts how often it was asked (a refused caller must not reach it). */
final class FakeInterventions implements Interventions {

  final AtomicInteger calls = new AtomicInteger();

  @Override
  public CompletionStage<List<Intervention>> open() {
    calls.incrementAndGet();
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<ProposalResult> propose(String reference, String resolution, String reason, String evidence, String operator) {
    calls.incrementAndGet();
    return CompletableFuture.completedFuture(new ProposalResult.NotFound());
  }

  @Override
  public CompletionStage<org.symphony.audit.intervention.InterventionDesk.RejectionResult> reject(String reference, String operator, String reason) {
    calls.incrementAndGet();
    return CompletableFuture.completedFuture(new org.symphony.audit.intervention.InterventionDesk.RejectionResult.NotFound());
  }

  @Override
  public CompletionStage<ApprovalResult> approve(String reference, String operator, String reason) {
    calls.incrementAndGet();
    return CompletableFuture.completedFuture(new ApprovalResult.NotFound());
  }
}
