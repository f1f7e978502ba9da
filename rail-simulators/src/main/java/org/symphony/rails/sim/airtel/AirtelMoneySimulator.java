package org.symphony.rails.sim.airtel;

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
 * An HTTP server that behaves like the Airtel Money Disbursement API (v2, B2C), for tests, demos and
 * benchmarks. Outcomes are in {@code status.response_code} (see {@code AirtelResponseCodes}); errors are
 * often HTTP 200 with {@code success:false}, as Airtel does.
 *
 * <ul>
 *   <li>{@code POST /auth/oauth2/token} (JSON client credentials) → bearer token, expires_in 180 s.
 *   <li>{@code POST /standard/v2/disbursements/} (X-Country, X-Currency) → executed once per
 *       {@code transaction.id}: TIP (DP00900001006) for the completion delay, then TS (DP00900001001), or TF
 *       with DP00900001003 when the payee msisdn ends with the configured failing suffix (default "0000").
 *       A repeated id → DP00900001015 with success:false (HTTP 200 by default) and no second execution.
 *   <li>{@code GET /standard/v2/disbursements/{id}?transactionType=B2C} → the transaction (TIP, TS, TF);
 *       HTTP 404 with DP00900001010 for an unknown id.
 *   <li>{@code GET /sim/strikes}, {@code GET /sim/strikes/{id}}: the strike ledger (INV-ONCE).
 *   <li>{@code GET|POST /sim/admin/faults}: latency, 5xx, lost-reply, malformed-reply and ambiguous-reply
 *       fault injection ({@link SimFaults}).
 *   <li>{@code POST /sim/admin/tokens/revoke}: invalidates every issued token (callers then get 401).
 * </ul>
 *
 * Every execution is fsync'd to {@code <dataDir>/airtel-money-strikes.jsonl} before it is acknowledged and
 * replayed on start, so transactions and their statuses survive a restart; transactions still TIP then
 * complete within the restarted simulator's completion delay.
 */
public final class AirtelMoneySimulator {

  /** The strike ledger file in the simulator\'s data directory. */
  static final String LEDGER_FILE = "airtel-money-strikes.jsonl";

  public static final String RAIL = "airtel-money";

  private static final Logger log = LoggerFactory.getLogger(AirtelMoneySimulator.class);

  private AirtelMoneySimulator() {}

  /** Opens (and replays) the ledger, then binds; port 0 binds a free port (see {@link RunningSimulator#port()}). */
  public static CompletionStage<RunningSimulator> start(ActorSystem<?> system, AirtelSimulatorSettings settings) {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    return CompletableFuture.supplyAsync(() -> openLedger(settings), blocking)
        .thenCompose(ledger -> bind(system, settings, ledger, blocking));
  }

  private static CompletionStage<RunningSimulator> bind(
      ActorSystem<?> system, AirtelSimulatorSettings settings, StrikeLedger<SimTransfer> ledger, Executor blocking) {
    AtomicReference<SimFaults> faults = new AtomicReference<>(SimFaults.none(settings.completionDelay()));
    AirtelSimulatorRoutes routes =
        new AirtelSimulatorRoutes(settings, ledger, new TokenIssuer(settings.tokenTtl()), faults, system);
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
      else log.info("Airtel Money simulator listening on {} (ledger in {})", simulator.baseUrl(), settings.dataDir());
    });
  }

  private static StrikeLedger<SimTransfer> openLedger(AirtelSimulatorSettings settings) {
    long pendingCompleteBy = System.currentTimeMillis() + settings.completionDelay().toMillis();
    try {
      return StrikeLedger.open(settings.dataDir().resolve(LEDGER_FILE), SimTransfer.LEDGER_FORMAT, settings.maxReferences(), pendingCompleteBy);
    } catch (IOException e) {
      throw new CompletionException(new UncheckedIOException("cannot open the Airtel strike ledger", e));
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
