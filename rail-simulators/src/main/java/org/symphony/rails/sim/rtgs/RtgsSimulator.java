package org.symphony.rails.sim.rtgs;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.sim.SimulatorServer;

/**
 * An HTTP server that behaves like an interbank RTGS with an ISO 20022 API, for tests, demos and benchmarks.
 *
 * <ul>
 *   <li>{@code POST /iso20022/pacs.008} (application/xml, a business message: {@code <RequestPayload>} with a
 *       head.001.001.02 AppHdr and a pacs.008.001.08 Document with one transaction) → a pacs.002.001.10
 *       status report. Anything that is not such a message, valid against the ISO schemas (resources
 *       /iso20022), with an AppHdr naming the Document → 400 with group status RJCT FF01; a message that
 *       breaks a CBPR+ usage rule (CreDtTm/CreDt without an explicit offset, ChrgBr SLEV, InstrId over 16
 *       characters, text outside the SWIFT character set) → 400 RJCT CH16, one without UETR, Dbtr/Nm or
 *       Cdtr/Nm → 400 RJCT CH21; a non-positive amount → 400 AM12; a currency other than ZMW and USD →
 *       400 AM03; a malformed BIC → 400 RC01 (nothing is recorded). A new MsgId is executed once and
 *       answered 202 ACCP (200 with the final status when the completion delay is 0); a creditor agent
 *       {@value #UNKNOWN_PARTICIPANT_BIC} is rejected at once with RC01; a creditor account in
 *       {@link #REJECTED_ACCOUNTS} is rejected with its code after the completion delay (AC01 for
 *       "0000000000"); one in {@link #HELD_ACCOUNTS} stays ACTC or ACSP; one in {@link #CREDITED_ACCOUNTS}
 *       reads ACCC; everything else settles (ACSC) after the delay. A repeated MsgId → 409 RJCT
 *       {@value #DUPLICATE_REASON}, not executed again.
 *   <li>{@code POST /iso20022/pacs.028} (a business message with a pacs.028.001.03 naming the pacs.008 by
 *       OrgnlGrpInf/OrgnlMsgId) → 200 pacs.002 (PDNG, then ACSC with AcctSvcrRef/ClrSysRef or RJCT with its
 *       reason), or 200 RJCT {@value #NOT_RECEIVED_REASON} ("payment not received") for a MsgId never
 *       received; an invalid request → 400 RJCT FF01 about the request.
 *   <li>{@code GET /sim/strikes} → {"rail":"rtgs","references":{MsgId: executions},"total":N};
 *       {@code GET /sim/strikes/{MsgId}} → {"msgId","executions","status"}: the strike ledger (INV-ONCE).
 *   <li>{@code GET|POST /sim/admin/faults}: latency, 5xx, lost-reply and malformed-XML fault injection
 *       ({@link RtgsSimFaults}).
 * </ul>
 *
 * Every execution is fsync'd to {@code <dataDir>/rtgs-strikes.jsonl} before it is acknowledged and
 * replayed on start, so messages and their statuses survive a restart; messages still pending then
 * complete within the restarted simulator's completion delay.
 */
public final class RtgsSimulator {

  public static final String RAIL = "rtgs";
  /** A creditor agent BIC (first 8 characters) that is not an RTGS participant: RJCT RC01 at once. */
  public static final String UNKNOWN_PARTICIPANT_BIC = "XXXXZMLU";
  /** The reason a resubmitted MsgId is refused with. */
  public static final String DUPLICATE_REASON = "DUPL";
  /** ISO ExternalStatusReason1Code AG09 "PaymentNotReceived": the answer to a status request about a MsgId never received. */
  public static final String NOT_RECEIVED_REASON = "AG09";

  /** A rejection the simulator decides for a creditor account. */
  public record Rejection(String code, String text) {}

  /** Creditor accounts the simulated banks reject, with the ISO reason, after the completion delay. */
  public static final Map<String, Rejection> REJECTED_ACCOUNTS = Map.of(
      "0000000000", new Rejection("AC01", "Incorrect account number"),
      "0000000004", new Rejection("AC04", "Closed account number"),
      "0000000051", new Rejection("AM04", "Insufficient funds"),
      "0000000099", new Rejection("AG01", "Transaction forbidden"));

  /**
   * Creditor accounts whose payment the simulated RTGS holds at a pending status for as long as it runs:
   * ACTC (accepted after technical validation) and ACSP (accepted, settlement in process).
   */
  public static final Map<String, String> HELD_ACCOUNTS = Map.of("0000000201", "ACTC", "0000000202", "ACSP");

  /** Creditor accounts whose payment reads ACCC (settled and credited to the creditor's account), not ACSC. */
  public static final java.util.Set<String> CREDITED_ACCOUNTS = java.util.Set.of("0000000300");

  private RtgsSimulator() {}

  /** Opens (and replays) the ledger, then binds; port 0 binds a free port (see {@link RunningSimulator#port()}). */
  public static CompletionStage<RunningSimulator> start(ActorSystem<?> system, RtgsSimulatorSettings settings) {
    var listen = new SimulatorServer.Listen(settings.host(), settings.port(), settings.dataDir(), settings.completionDelay());
    var ledgerFile = settings.dataDir().resolve(RtgsSettlement.LEDGER_FILE);
    var format = RtgsSettlement.LEDGER_FORMAT;
    var protocol = SimulatorServer.withStrikeLedger(RAIL, ledgerFile, format, settings.maxReferences(), ledger -> {
      var faults = new AtomicReference<>(RtgsSimFaults.none(settings.completionDelay()));
      var routes = new RtgsSimulatorRoutes(settings, ledger, faults, system);
      return new SimulatorServer.Routes(routes.route(), routes.faultSeed());
    });
    return SimulatorServer.start(system, listen, protocol);
  }
}
