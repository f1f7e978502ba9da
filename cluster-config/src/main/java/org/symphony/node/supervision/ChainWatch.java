package org.symphony.node.supervision;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.audit.supervision.ChainStatus;
import org.symphony.audit.verify.ChainVerifier;
import org.symphony.audit.verify.ProgressListener;

/**
 * Keeps the last verification of the whole attestation chain for the dashboard, and starts a new one in the background
 * when a reader finds it stale (a verification reads every row: far too slow to run per page view). One verification
 * at a time; a failure to run is logged once.
 */
public final class ChainWatch {

  private static final Logger LOG = LoggerFactory.getLogger(ChainWatch.class);

  private final DataSource db;
  private final Supplier<ChainVerifier.Options> options;
  private final Clock clock;
  private final Executor blocking;
  private final AtomicReference<ChainStatus> last = new AtomicReference<>(ChainStatus.notVerified());
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean failing;

  /** @param options what the chain is held to (pinned keys, cadence, signed head), read afresh per verification */
  public ChainWatch(DataSource db, Supplier<ChainVerifier.Options> options, Clock clock, Executor blocking) {
    this.db = db;
    this.options = options;
    this.clock = clock;
    this.blocking = blocking;
  }

  /** The last result; one older than maxAge (or none) starts a fresh verification in the background. */
  public ChainStatus status(Duration maxAge) {
    ChainStatus status = last.get();
    if (status.verifiedAt() == null || status.verifiedAt().plus(maxAge).isBefore(clock.instant())) verifyNow();
    return status;
  }

  /** Starts a verification unless one is running; returns at once. */
  public void verifyNow() {
    if (!running.compareAndSet(false, true)) return;
    blocking.execute(() -> {
      try {
        var report = new ChainVerifier(db, options.get()).verify(ProgressListener.NONE);
        last.set(new ChainStatus(report.isIntact(), clock.instant(), report.rowsChecked(), report.breaks().size(), null));
        if (!report.isIntact()) LOG.error("attestation chain verification found {} breaks", report.breaks().size());
        failing = false;
      } catch (RuntimeException e) {
        if (!failing) LOG.warn("chain verification could not run: {}", e.toString());
        failing = true;
      } finally {
        running.set(false);
      }
    });
  }
}
