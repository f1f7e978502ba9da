package org.symphony.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.symphony.audit.gap.GapQuery;
import org.symphony.audit.verify.ChainVerifier;
import org.symphony.audit.verify.ProgressListener;
import org.symphony.audit.verify.VerificationReport;
import org.symphony.engine.instruction.DuplicateTags;
import org.symphony.edge.admin.AuditQueries;

/** The operator's audit queries, run on the blocking dispatcher: they read the database at length. */
final class NodeAuditQueries implements AuditQueries {

  private final DataSource db;
  private final Supplier<ChainVerifier.Options> verifyOptions;
  private final GapQuery gaps;
  private final Executor blocking;

  /** @param verifyOptions what the chain is held to (pinned keys, cadence, the node's signed head), read per call */
  NodeAuditQueries(DataSource db, Supplier<ChainVerifier.Options> verifyOptions, GapQuery gaps, Executor blocking) {
    this.db = db;
    this.verifyOptions = verifyOptions;
    this.gaps = gaps;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<VerificationReport> verifyChain() {
    return CompletableFuture.supplyAsync(() -> new ChainVerifier(db, verifyOptions.get()).verify(ProgressListener.NONE), blocking);
  }

  /** From the journal's tags of DuplicateReceived events (DuplicateTags). */
  @Override
  public CompletionStage<DuplicateTotals> duplicates() {
    return CompletableFuture.supplyAsync(
        () -> {
          var counts = new java.util.HashMap<String, Long>();
          try (var c = db.getConnection();
              var s = c.prepareStatement("select tag, count(*) from event_tag where tag in (?, ?, ?, ?) group by tag")) {
            s.setString(1, DuplicateTags.DUPLICATE);
            s.setString(2, DuplicateTags.REPLAYED);
            s.setString(3, DuplicateTags.KEY_REUSED);
            s.setString(4, DuplicateTags.TERMINAL_REENTRY);
            try (var r = s.executeQuery()) {
              while (r.next()) counts.put(r.getString(1), r.getLong(2));
            }
          } catch (java.sql.SQLException e) {
            throw new CompletionException(e);
          }
          long all = counts.getOrDefault(DuplicateTags.DUPLICATE, 0L);
          return new DuplicateTotals(
              all,
              counts.getOrDefault(DuplicateTags.REPLAYED, 0L) + counts.getOrDefault(DuplicateTags.KEY_REUSED, 0L),
              counts.getOrDefault(DuplicateTags.TERMINAL_REENTRY, 0L),
              counts.getOrDefault(DuplicateTags.KEY_REUSED, 0L));
        },
        blocking);
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
