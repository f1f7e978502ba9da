package org.symphony.rails.sim.mtn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.Http;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.sim.StrikeLedger;
import org.symphony.rails.sim.TokenIssuer;

/**
 * An HTTP server that behaves like the MTN MoMo Disbursement API, for tests, demos and benchmarks.
 *
 * <ul>
 *   <li>{@code POST /disbursement/token/} (HTTP Basic) → access token.
 *   <li>{@code POST /disbursement/v1_0/transfer} (X-Reference-Id = v4 UUID) → 202, executed once per
 *       reference; a repeated reference → 409 RESOURCE_ALREADY_EXIST and no second execution.
 *   <li>{@code GET /disbursement/v1_0/transfer/{referenceId}} → PENDING for the completion delay, then
 *       SUCCESSFUL, or FAILED with PAYEE_NOT_FOUND when the payee's partyId ends with the configured
 *       failing suffix (default "0000"); 404 RESOURCE_NOT_FOUND for an unknown reference.
 *   <li>{@code GET /sim/strikes}, {@code GET /sim/strikes/{referenceId}}: the strike ledger (INV-ONCE).
 *   <li>{@code GET|POST /sim/admin/faults}: latency, 5xx, lost-reply, intake-down and poison-payee fault injection ({@link SimFaults}).
 *   <li>{@code POST /sim/admin/tokens/revoke}: invalidates every issued token (callers then get 401).
 * </ul>
 *
 * Every execution is fsync'd to {@code <dataDir>/mtn-momo-strikes.jsonl} before it is acknowledged and
 * replayed on start, so transfers and their statuses survive a restart; transfers still pending then
 * complete within the restarted simulator's completion delay.
 */
public final class MtnMomoSimulator {

  /** The strike ledger file in the simulator\'s data directory. */
  static final String LEDGER_FILE = "mtn-momo-strikes.jsonl";

  public static final String RAIL = "mtn-momo";

  private static final Logger log = LoggerFactory.getLogger(MtnMomoSimulator.class);

  private MtnMomoSimulator() {}

  /** Opens (and replays) the ledger, then binds; port 0 binds a free port (see {@link RunningSimulator#port()}). */
  public static CompletionStage<RunningSimulator> start(ActorSystem<?> system, MtnSimulatorSettings settings) {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    return CompletableFuture.supplyAsync(() -> openLedger(settings), blocking)
        .thenCompose(ledger -> bind(system, settings, ledger, blocking));
  }

  private static CompletionStage<RunningSimulator> bind(
      ActorSystem<?> system, MtnSimulatorSettings settings, StrikeLedger<SimTransfer> ledger, Executor blocking) {
    AtomicReference<SimFaults> faults = new AtomicReference<>(SimFaults.none(settings.completionDelay()));
    MtnSimulatorRoutes routes =
        new MtnSimulatorRoutes(settings, ledger, new TokenIssuer(settings.tokenTtl()), faults, system);
    CompletionStage<RunningSimulator> running;
    try {
      running =
          Http.get(system)
              .newServerAt(settings.host(), settings.port())
              .bind(routes.route())
              .thenApply(binding -> new RunningSimulator(RAIL, binding, ledger, blocking));
    } catch (RuntimeException e) {
      running = CompletableFuture.failedFuture(e);
    }
    return running.whenComplete((simulator, error) -> {
      if (error != null) closeQuietly(ledger);
      else log.info("MTN MoMo simulator listening on {} (ledger in {})", simulator.baseUrl(), settings.dataDir());
    });
  }

  private static StrikeLedger<SimTransfer> openLedger(MtnSimulatorSettings settings) {
    long pendingCompleteBy = System.currentTimeMillis() + settings.completionDelay().toMillis();
    try {
      return StrikeLedger.open(settings.dataDir().resolve(LEDGER_FILE), SimTransfer.LEDGER_FORMAT, settings.maxReferences(), pendingCompleteBy);
    } catch (IOException e) {
      throw new CompletionException(new UncheckedIOException("cannot open the MTN strike ledger", e));
    }
  }

  private static void closeQuietly(StrikeLedger<SimTransfer> ledger) {
    try {
      ledger.close();
    } catch (IOException | RuntimeException e) {
      log.warn("closing the strike ledger after a failed start", e);
    }
  }
}
