package org.symphony.rails.sim.rtgs;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.pattern.Patterns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.rails.sim.ControlRoutes;
import org.symphony.rails.sim.FaultDice;
import org.symphony.rails.sim.SimCallbacks;
import org.symphony.rails.sim.StrikeLedger;

/**
 * HTTP surface of the RTGS simulator: the ISO 20022 gateway under /iso20022 (pacs.008 submission,
 * pacs.028 status request) with fault injection, and the simulator's own /sim endpoints (strike ledger, faults).
 */
final class RtgsSimulatorRoutes extends AllDirectives {

  private static final Logger log = LoggerFactory.getLogger(RtgsSimulatorRoutes.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BODY_BYTES = 64 * 1024;
  private static final ContentType XML = ContentTypes.create(MediaTypes.APPLICATION_XML, HttpCharsets.UTF_8);

  /** A reply before it becomes an HTTP response, so that a fault can still garble its body. */
  private record Reply(StatusCode status, byte[] xml) {}

  private final RtgsSimulatorSettings settings;
  private final StrikeLedger<RtgsSettlement> ledger;
  private final AtomicReference<RtgsSimFaults> faults;
  private final ActorSystem<?> system;
  /** Where the RTGS pushes final pacs.002 reports (the participant's registered endpoint). */
  private final SimCallbacks callbacks;
  private final FaultDice dice;

  RtgsSimulatorRoutes(
      RtgsSimulatorSettings settings, StrikeLedger<RtgsSettlement> ledger, AtomicReference<RtgsSimFaults> faults,
      ActorSystem<?> system) {
    this.settings = settings;
    this.ledger = ledger;
    this.faults = faults;
    this.system = system;
    this.callbacks = new SimCallbacks(system);
    this.dice = FaultDice.forRail(RtgsSimulator.RAIL, system.settings().config());
  }

  /** The seed of this simulator's random faults: started with it, the simulator replays them. */
  long faultSeed() {
    return dice.seed();
  }

  Route route() {
    return concat(pathPrefix("iso20022", this::isoApi), pathPrefix("sim", this::simulatorControl));
  }

  private Route isoApi() {
    return concat(
        path("pacs.008", () -> post(() -> withSizeLimit(MAX_BODY_BYTES, () -> extractRequest(request ->
            entity(Unmarshaller.entityToByteArray(), body -> api(() -> submit(request, body))))))),
        path("pacs.028", () -> post(() -> withSizeLimit(MAX_BODY_BYTES, () -> extractRequest(request ->
            entity(Unmarshaller.entityToByteArray(), body -> api(() -> done(statusRequest(request, body)))))))));
  }

  private Route simulatorControl() {
    return ControlRoutes.route(new ControlRoutes.Of<>(
        RtgsSimulator.RAIL, ledger::executionsByReference, this::strike, faults, Optional.of(callbacks), Optional.empty(),
        List.of()));
  }

  // --- /iso20022 -----------------------------------------------------------------------------------

  /** An ISO 20022 API call: subject to the injected faults. */
  private Route api(Supplier<CompletionStage<Reply>> handler) {
    return completeWithFuture(withFaults(handler).thenApply(RtgsSimulatorRoutes::toResponse));
  }

  /** Injected latency, then an injected 500 (nothing is executed), then the handler, then a garbled body. */
  private CompletionStage<Reply> withFaults(Supplier<CompletionStage<Reply>> handler) {
    RtgsSimFaults now = faults.get();
    Supplier<CompletionStage<Reply>> faulty = () -> {
      if (chance(faults.get().failureRate5xx()))
        return done(error(StatusCodes.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", null, "injected fault"));
      return handler.get().thenApply(reply -> chance(faults.get().malformedResponseRate()) ? garbled(reply) : reply);
    };
    if (now.latencyMs() == 0) return faulty.get();
    return Patterns.after(Duration.ofMillis(now.latencyMs()), system, faulty::get);
  }

  private CompletionStage<Reply> submit(HttpRequest request, byte[] body) {
    if (!isXml(request.entity().getContentType().mediaType()))
      return done(error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", null,
          "a pacs.008 is sent as application/xml"));
    CreditTransfer transfer;
    try {
      transfer = CreditTransfer.parse(body);
    } catch (RtgsSimRejection e) {
      return done(new Reply(StatusCodes.BAD_REQUEST,
          StatusReports.groupRejection(e.messageId(), CreditTransfer.MESSAGE_NAME, e.reasonCode(), e.getMessage())));
    }
    return ledger.execute(decide(transfer)).thenApply(execution -> executionReply(transfer, execution));
  }

  private Reply executionReply(CreditTransfer submitted, StrikeLedger.Execution<RtgsSettlement> execution) {
    if (execution instanceof StrikeLedger.Execution.Executed<RtgsSettlement> executed) {
      RtgsSettlement settlement = executed.transfer();
      if (settlement.completesAtMs() != Long.MAX_VALUE) // a held payment has no final report to push
        callbacks.sendOnce(settlement.completesAtMs(), HttpMethods.POST, XML,
            () -> StatusReports.settlement(settlement, settlement.statusAt(settlement.completesAtMs())), settlement.messageId());
      if (chance(faults.get().dropResponseAfterExecuteRate()))
        return error(StatusCodes.GATEWAY_TIMEOUT, "GATEWAY_TIMEOUT", settlement.messageId(),
            "executed, but the reply was lost (injected fault)");
      // decided at acceptance (no completion delay, or refused at once): the final status; otherwise
      // accepted for settlement, ACSC or RJCT after the completion delay
      long acceptedAt = settlement.acceptedAtMs();
      if (settlement.isFinalAt(acceptedAt))
        return new Reply(StatusCodes.OK, StatusReports.settlement(settlement, settlement.statusAt(acceptedAt)));
      return new Reply(StatusCodes.ACCEPTED, StatusReports.settlement(settlement, settlement.acceptanceStatus()));
    }
    if (execution instanceof StrikeLedger.Execution.Duplicate)
      return new Reply(StatusCodes.CONFLICT, StatusReports.transaction(
          submitted, "RJCT", RtgsSimulator.DUPLICATE_REASON,
          "Duplicate MsgId: already received, not executed again", null, null, null));
    if (execution instanceof StrikeLedger.Execution.Full)
      return error(StatusCodes.INSUFFICIENT_STORAGE, "SIMULATOR_FULL", submitted.messageId(),
          "the simulator holds its maximum of " + settings.maxReferences() + " message ids");
    Throwable cause = ((StrikeLedger.Execution.NotRecorded<RtgsSettlement>) execution).cause();
    log.warn("pacs.008 not executed: the strike ledger could not record it", cause);
    return error(StatusCodes.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE", submitted.messageId(),
        "not executed: ledger unavailable");
  }

  /**
   * Outcome rules, decided at acceptance: an unknown creditor agent is refused at once (RC01); the magic
   * accounts of {@link RtgsSimulator#REJECTED_ACCOUNTS} are rejected, those of
   * {@link RtgsSimulator#HELD_ACCOUNTS} stay ACTC/ACSP, those of {@link RtgsSimulator#CREDITED_ACCOUNTS}
   * read ACCC, everything else settles (ACSC), after the completion delay.
   */
  private RtgsSettlement decide(CreditTransfer t) {
    long now = System.currentTimeMillis();
    String reference = "ZMRTGS" + ThreadLocalRandom.current().nextLong(10_000_000_000_000L, 100_000_000_000_000L);
    if (t.creditorAgentBic().startsWith(RtgsSimulator.UNKNOWN_PARTICIPANT_BIC))
      return new RtgsSettlement(t, RtgsSettlement.Outcome.REJECTED, "RC01",
          "Bank identifier incorrect: " + t.creditorAgentBic() + " is not an RTGS participant", reference, now, now);
    long completesAt = now + faults.get().completionDelayMs();
    RtgsSimulator.Rejection rejection = RtgsSimulator.REJECTED_ACCOUNTS.get(t.creditorAccount());
    if (rejection != null)
      return new RtgsSettlement(t, RtgsSettlement.Outcome.REJECTED, rejection.code(), rejection.text(), reference, now,
          completesAt);
    String held = RtgsSimulator.HELD_ACCOUNTS.get(t.creditorAccount());
    if (held != null) // pending for as long as the simulator runs: a restart settles it
      return new RtgsSettlement(t, RtgsSettlement.Outcome.SETTLED, null, null, reference, now, Long.MAX_VALUE, held);
    RtgsSettlement.Outcome settled = RtgsSimulator.CREDITED_ACCOUNTS.contains(t.creditorAccount())
        ? RtgsSettlement.Outcome.CREDITED : RtgsSettlement.Outcome.SETTLED;
    return new RtgsSettlement(t, settled, null, null, reference, now, completesAt);
  }

  /**
   * A pacs.028 about a pacs.008: 200 with the original's pacs.002, or with TxSts RJCT AG09 when no message
   * with that MsgId was received; a request that is not a valid pacs.028 is 400 RJCT FF01 about itself.
   */
  private Reply statusRequest(HttpRequest http, byte[] body) {
    if (!isXml(http.entity().getContentType().mediaType()))
      return error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", null, "a pacs.028 is sent as application/xml");
    StatusRequest request;
    try {
      request = StatusRequest.parse(body);
    } catch (RtgsSimRejection e) {
      return new Reply(StatusCodes.BAD_REQUEST,
          StatusReports.groupRejection(e.messageId(), StatusRequest.MESSAGE_NAME, e.reasonCode(), e.getMessage()));
    }
    return ledger.find(request.originalMessageId())
        .map(strike -> new Reply(StatusCodes.OK, StatusReports.settlement(strike.transfer(), statusOf(strike))))
        .orElseGet(() -> new Reply(StatusCodes.OK, StatusReports.notReceived(request)));
  }

  /** Not yet on disk means not yet acknowledged: it can only read as pending. */
  private static String statusOf(StrikeLedger.Strike<RtgsSettlement> strike) {
    return strike.durable() ? strike.transfer().statusAt(System.currentTimeMillis()) : RtgsSettlement.PENDING;
  }

  // --- /sim ----------------------------------------------------------------------------------------

  /** Unknown MsgIds report 0 executions (not 404): "never executed" is exactly what a crash test asks. */
  private ObjectNode strike(String msgId) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("msgId", msgId);
    Optional<StrikeLedger.Strike<RtgsSettlement>> strike = ledger.find(msgId).filter(StrikeLedger.Strike::durable);
    body.put("executions", strike.map(StrikeLedger.Strike::executions).orElse(0));
    body.put("status", strike.map(RtgsSimulatorRoutes::statusOf).orElse(null));
    return body;
  }

  // --- helpers -------------------------------------------------------------------------------------

  private static boolean isXml(MediaType mediaType) {
    return mediaType.subType().equals("xml")
        && (mediaType.mainType().equals("application") || mediaType.mainType().equals("text"));
  }

  private boolean chance(double rate) {
    return dice.roll(rate);
  }

  /** The first half of the document and a stray "<": no XML parser accepts it. */
  private static Reply garbled(Reply reply) {
    byte[] cut = Arrays.copyOf(reply.xml(), reply.xml().length / 2);
    byte[] broken = Arrays.copyOf(cut, cut.length + 2);
    broken[cut.length] = '<';
    broken[cut.length + 1] = '<';
    return new Reply(reply.status(), broken);
  }

  private static Reply error(StatusCode status, String code, String msgId, String message) {
    return new Reply(status, StatusReports.error(code, msgId, message));
  }

  private static HttpResponse toResponse(Reply reply) {
    return HttpResponse.create().withStatus(reply.status()).withEntity(XML, reply.xml());
  }

  private static HttpResponse json(StatusCode status, JsonNode body) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
