package org.symphony.audit.attest;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promise 1 for requests that never proved an identity, in bounded form: each is counted in memory ({@link
 * RefusalTally}) and each window's counts are chained as one row per source when the window closes ({@link #flush},
 * called every window by the node) and when the node stops ({@link #close}). A count whose row could not be
 * committed is kept for the next window, so no refusal is lost while the node runs.
 */
public final class RefusalWindows {

  private static final Logger LOG = LoggerFactory.getLogger(RefusalWindows.class);

  private final RefusalSettings settings;
  private final RefusalTally tally;
  private final Function<IngressRecord, CompletionStage<Attested>> chain;

  /** {@code chain} commits one row counting refusals, e.g. {@link IngressAttestor#attestRefusals}. */
  public RefusalWindows(RefusalSettings settings, Function<IngressRecord, CompletionStage<Attested>> chain) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.tally = new RefusalTally(settings);
    this.chain = Objects.requireNonNull(chain, "chain");
  }

  public Duration window() {
    return settings.window();
  }

  /** Never blocks. False once the node is stopping: the request must then be refused as unattestable. */
  public boolean count(Refusal refusal) {
    return tally.add(Objects.requireNonNull(refusal, "refusal"));
  }

  /** Chains the counts of the window that closes now; completes once each row is committed or kept for the next. */
  public CompletionStage<Void> flush() {
    List<IngressRecord> rows = tally.drain();
    CompletableFuture<?>[] written = new CompletableFuture<?>[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      IngressRecord row = rows.get(i);
      written[i] = chained(row).handle((attested, failure) -> {
        if (failure != null) {
          tally.restore(row);
          LOG.warn("{} refusals from {} kept for the next window: {}", row.refusals().count(), row.refusals().source(),
              failure.toString());
        }
        return null;
      }).toCompletableFuture();
    }
    return CompletableFuture.allOf(written);
  }

  /** Stops counting and chains what was counted, waiting at most {@code bound}. Blocking. */
  public void close(Duration bound) {
    tally.seal();
    try {
      flush().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("the last refusal counts were not all chained within {}: {}", bound, e.toString());
    }
    if (tally.size() > 0)
      LOG.error("{} refusal counts could not be chained before the node stopped: {}", tally.size(), tally.drain());
  }

  private CompletionStage<Attested> chained(IngressRecord row) {
    try {
      return chain.apply(row);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
