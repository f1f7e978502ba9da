package org.symphony.rails.sim.mtn;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.sim.SimulatorServer;
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
 *   <li>It impersonates one X-Target-Environment ({@link MtnSimulatorSettings#targetEnvironment()}) and refuses
 *       what MTN refuses: another environment (500 NOT_ALLOWED_TARGET_ENVIRONMENT), another currency than the
 *       environment's (500 INVALID_CURRENCY; the sandbox takes EUR only), an X-Callback-Url on another host than the
 *       registered one (500 INVALID_CALLBACK_URL_HOST), and with a plain 400 a body that breaks the specification
 *       (an apostrophe or more than 160 characters in payerMessage/payeeNote, a non-v4 X-Reference-Id, …).
 *   <li>{@code GET|POST /sim/admin/refusals}: {"partyId","code"} makes new transfers to that payee answer MTN's
 *       ErrorReason {@code code} ({@link MtnErrorAnswers}), unexecuted.
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

  private MtnMomoSimulator() {}

  /** Opens (and replays) the ledger, then binds; port 0 binds a free port (see {@link RunningSimulator#port()}). */
  public static CompletionStage<RunningSimulator> start(ActorSystem<?> system, MtnSimulatorSettings settings) {
    var listen = new SimulatorServer.Listen(settings.host(), settings.port(), settings.dataDir(), settings.completionDelay());
    var ledgerFile = settings.dataDir().resolve(LEDGER_FILE);
    var format = SimTransfer.LEDGER_FORMAT;
    var protocol = SimulatorServer.withStrikeLedger(RAIL, ledgerFile, format, settings.maxReferences(), ledger -> {
      var faults = new AtomicReference<>(SimFaults.none(settings.completionDelay()));
      var routes = new MtnSimulatorRoutes(settings, ledger, new TokenIssuer(settings.tokenTtl()), faults, system);
      return new SimulatorServer.Routes(routes.route(), routes.faultSeed());
    });
    return SimulatorServer.start(system, listen, protocol);
  }
}
