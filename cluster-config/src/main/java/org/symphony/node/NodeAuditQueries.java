package org.symphony.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.symphony.audit.gap.GapQuery;
import org.symphony.audit.verify.ChainVerifier;
import org.symphony.audit.verify.ProgressListener;
import org.symphony.audit.verify.VerificationReport;
import org.symphony.edge.admin.AuditQueries;

/** The operator's audit queries, run on the blocking dispatcher: they read the database at length. */
final class NodeAuditQueries implements AuditQueries {

  private final DataSource db;
  private final GapQuery gaps;
  private final Executor blocking;

  NodeAuditQueries(DataSource db, GapQuery gaps, Executor blocking) {
    this.db = db;
    this.gaps = gaps;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<VerificationReport> verifyChain() {
    return CompletableFuture.supplyAsync(() -> new ChainVerifier(db).verify(ProgressListener.NONE), blocking);
  }

  @Override
  public CompletionStage<Gaps> gaps(int limit) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new Gaps(gaps.count(), gaps.gaps(limit));
          } catch (java.sql.SQLException e) {
            throw new CompletionException(e);
          }
        },
        blocking);
  }
}
