package org.symphony.rails.rtgs;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.Accept;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.Rail;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.http.BoundedHttp;
import org.symphony.rails.http.BoundedRailCall;
import org.symphony.rails.http.HttpReply;

/**
 * The interbank RTGS as a {@link Rail}, over ISO 20022 as Zambia's ZIPSS speaks it (the HVPS+/CBPR+ usage
 * guidelines). SWIFT itself is out of reach here: the transport is an HTTP gateway (the participant's
 * SWIFT interface or the RTGS operator's API), configured by {@link RtgsSettings} ({@code base-url},
 * {@code submit-path}, {@code status-path} in {@code symphony.rails.rtgs}). Every message travels as a
 * business message: a head.001.001.02 AppHdr and the document ({@link BusinessMessage}).
 *
 * <ul>
 *   <li>a transfer is submitted as a pacs.008.001.08 ({@link Pacs008}) POSTed to the submit path; the
 *       gateway answers with a pacs.002 status report;
 *   <li>its status is asked with a pacs.028.001.03 ({@link Pacs028}) POSTed to the status path; the
 *       gateway answers with the pacs.002 of the original payment.
 * </ul>
 *
 * <p>The message id is a pure function of the rail key ({@link #messageIdOf}), so a resubmission is the
 * same message and the RTGS refuses it as a duplicate (RJCT DUPL, DU01–DU05 or AM05) without executing it
 * again. Such a refusal is about the copy, not the original, so it is never taken as success or failure:
 * the adapter asks for the original's status instead.
 *
 * <p>Replies: ACSC/ACCC → {@link RailResult.Completed} (reference = AcctSvcrRef, else ClrSysRef);
 * ACTC/ACCP/ACSP/ACWC/PDNG → {@link RailResult.InProgress}; RJCT with an ISO reason (AC01, AC04, AM04,
 * RC01, AG01, FF01, …) → {@link RailResult.Declined}; a report about another message (or naming none),
 * an unexpected status, 5xx, a timeout or unparseable XML → {@link RailResult.Unknown}. A status request
 * the gateway answers with a pacs.002 about this message, TxSts RJCT and reason AG09 ("payment not
 * received") → {@link RailResult.NotFound}; nothing else (a 404 included) is taken as "not found". Every
 * call completes within {@link RtgsSettings#callTimeout()} and never fails.
 */
public final class RtgsRail implements Rail {

  public static final String ID = "rtgs";

  private static final Logger log = LoggerFactory.getLogger(RtgsRail.class);
  private static final ContentType XML = ContentTypes.create(MediaTypes.APPLICATION_XML, HttpCharsets.UTF_8);

  private final ActorSystem<?> system;
  private final RtgsSettings settings;
  private final BoundedHttp http;

  private RtgsRail(ActorSystem<?> system, RtgsSettings settings) {
    this.system = system;
    this.settings = settings;
    this.http = new BoundedHttp(system);
  }

  public static RtgsRail create(ActorSystem<?> system, RtgsSettings settings) {
    return new RtgsRail(system, settings);
  }

  /** Settings from {@code symphony.rails.rtgs} in the actor system's configuration. */
  public static RtgsRail create(ActorSystem<?> system) {
    return create(system, RtgsSettings.fromConfig(system.settings().config()));
  }

  /** The pacs.008 GrpHdr/MsgId the RTGS knows a rail key by: "SYM" + 32 hex digits (35 characters). */
  public static String messageIdOf(RailKey railKey) {
    return Pacs008.messageId(railKey);
  }

  @Override
  public String id() {
    return ID;
  }

  public RtgsSettings settings() {
    return settings;
  }

  @Override
  public CompletionStage<RailResult> dispatch(RailTransfer transfer) {
    return bounded("dispatch", () -> {
      if (!(transfer.creditor() instanceof Creditor.BankAccount))
        return done(new RailResult.Declined("UNSUPPORTED_CREDITOR", "the RTGS pays bank accounts only"));
      Creditor.BankAccount account = (Creditor.BankAccount) transfer.creditor();
      String messageId = messageIdOf(transfer.railKey());
      byte[] body = Pacs008.write(transfer, account, settings, Instant.now());
      return http.send(post(settings.submitPath(), body), settings.callTimeout())
          .thenCompose(reply -> dispatchResult(messageId, transfer.railKey(), reply));
    });
  }

  @Override
  public CompletionStage<RailResult> status(RailKey railKey) {
    return bounded("status", () -> queryStatus(railKey));
  }

  private CompletionStage<RailResult> dispatchResult(String messageId, RailKey railKey, HttpReply reply) {
    int code = reply.status();
    boolean accepted = code >= 200 && code < 300;
    boolean refused = code == 400 || code == 409 || code == 422;
    if (!accepted && !refused) return done(RtgsWire.unknown("dispatch answered HTTP " + code, reply));
    Pacs002 report;
    try {
      report = Pacs002.parse(reply.body());
    } catch (RtgsProtocolException e) {
      return done(RtgsWire.unknown("dispatch answered HTTP " + code + ", " + e.getMessage(), reply));
    }
    Optional<RailResult.Unknown> foreign = RtgsWire.foreign(report, messageId, railKey);
    if (foreign.isPresent()) return done(foreign.get());
    if (RtgsWire.isDuplicateRejection(report)) {
      // the RTGS already has this message (an earlier attempt): what counts is what became of it
      log.debug("RTGS refused {} as a duplicate ({}); asking for its status", messageId, report.reasonCode().get());
      return BoundedRailCall.afterTheRailAnswered(queryStatus(railKey))
          .thenApply(
              r -> r instanceof RailResult.NotFound
                  ? new RailResult.Unknown("duplicate rejection on dispatch but the status request found no message")
                  : r);
    }
    if (refused && !RtgsWire.REJECTED.equals(report.status()))
      return done(RtgsWire.unknown("HTTP " + code + " with payment status " + report.status(), reply));
    return done(RtgsWire.result(report));
  }

  private CompletionStage<RailResult> queryStatus(RailKey railKey) {
    String messageId = messageIdOf(railKey);
    byte[] request = Pacs028.write(Pacs028.newMessageId(), railKey, settings, Instant.now());
    return http.send(post(settings.statusPath(), request), settings.callTimeout())
        .thenApply(reply -> statusResult(messageId, railKey, reply));
  }

  private static RailResult statusResult(String messageId, RailKey railKey, HttpReply reply) {
    if (reply.status() != 200) return RtgsWire.unknown("status request answered HTTP " + reply.status(), reply);
    Pacs002 report;
    try {
      report = Pacs002.parse(reply.body());
    } catch (RtgsProtocolException e) {
      return RtgsWire.unknown(e.getMessage(), reply);
    }
    Optional<RailResult.Unknown> foreign = RtgsWire.foreign(report, messageId, railKey);
    if (foreign.isPresent()) return foreign.get();
    if (RtgsWire.isNotReceived(report)) return new RailResult.NotFound();
    return RtgsWire.result(report);
  }

  private HttpRequest post(String path, byte[] body) {
    return HttpRequest.POST(settings.baseUrl() + path)
        .addHeader(Accept.create(MediaTypes.APPLICATION_XML.toRange()))
        .withEntity(XML, body);
  }

  /** The port's contract: complete within the call timeout, and never fail. */
  private CompletionStage<RailResult> bounded(String operation, Supplier<CompletionStage<RailResult>> call) {
    return BoundedRailCall.within("RTGS", operation, settings.callTimeout(), system, call);
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
