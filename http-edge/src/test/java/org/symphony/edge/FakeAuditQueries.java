package org.symphony.edge;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.symphony.audit.verify.VerificationReport;
import org.symphony.edge.admin.AuditQueries;

/** The audit layer's operator queries, answered with whatever a test sets. */
public final class FakeAuditQueries implements AuditQueries {

  public volatile VerificationReport report = new VerificationReport(List.of(), List.of());
  public volatile Gaps gaps = new Gaps(0, List.of());
  public volatile int lastLimit;
  public volatile DuplicateTotals duplicates = new DuplicateTotals(0, 0, 0, 0);

  @Override
  public CompletionStage<DuplicateTotals> duplicates() {
    return CompletableFuture.completedFuture(duplicates);
  }

  @Override
  public CompletionStage<VerificationReport> verifyChain() {
    return CompletableFuture.completedFuture(report);
  }

  @Override
  public CompletionStage<Gaps> gaps(int limit) {
    lastLimit = limit;
    return CompletableFuture.completedFuture(gaps);
  }
}
