package org.symphony.rails.sim.airtel;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.sim.SimulatorServer;
import org.symphony.rails.sim.TokenIssuer;

/**
 * An HTTP server that behaves like the Airtel Money Disbursement API (v2, B2C), for tests, demos and
 * benchmarks. Outcomes are in {@code status.response_code}, Airtel's published disbursement codes (the
 * simulator's own copy: {@link SimCode}); errors are often HTTP 200 with {@code success:false}, as Airtel does.
 *
 * <ul>
 *   <li>{@code POST /auth/oauth2/token} (JSON client credentials) → bearer token, expires_in 180 s.
 *   <li>{@code POST /standard/v2/disbursements/} (X-Country, X-Currency) → executed once per
 *       {@code transaction.id}: TIP (DP00900001006) for the completion delay, then TS (DP00900001001), or TF
 *       with DP00900001012 (invalid mobile number) when the payee msisdn ends with the failing suffix (default
 *       "0000"). A repeated id → DP00900001017 with success:false (HTTP 200 by default), no second execution.
 *       A payee {@code <code-payee-prefix>NNN} (default 979000NNN) is answered with DP00900001NNN
 *       ({@link SimCode.Effect}). Gateway refusals (HTTP 400, ESB result codes) for bad headers, msisdn or
 *       fields; DP00900001004 for an amount out of range; DP00900001016 for a bad x-signature/x-key when
 *       message signing is verified.
 *   <li>{@code GET /standard/v2/disbursements/{id}?transactionType=B2C} → the transaction (TIP, TS, TF, TA);
 *       HTTP 404 with DP00900001015 for an unknown id.
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

  private AirtelMoneySimulator() {}

  /** Opens (and replays) the ledger, then binds; port 0 binds a free port (see {@link RunningSimulator#port()}). */
  public static CompletionStage<RunningSimulator> start(ActorSystem<?> system, AirtelSimulatorSettings settings) {
    var listen = new SimulatorServer.Listen(settings.host(), settings.port(), settings.dataDir(), settings.completionDelay());
    var ledgerFile = settings.dataDir().resolve(LEDGER_FILE);
    var format = SimTransfer.LEDGER_FORMAT;
    var protocol = SimulatorServer.withStrikeLedger(RAIL, ledgerFile, format, settings.maxReferences(), ledger -> {
      var faults = new AtomicReference<>(SimFaults.none(settings.completionDelay()));
      var routes = new AirtelSimulatorRoutes(settings, ledger, new TokenIssuer(settings.tokenTtl()), faults, system);
      return new SimulatorServer.Routes(routes.route(), routes.faultSeed());
    });
    return SimulatorServer.start(system, listen, protocol);
  }
}
