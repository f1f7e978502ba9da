package org.symphony.rails.sim.airtel;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;
import org.symphony.rails.sim.FaultDice;
import org.symphony.rails.sim.SimCallbacks;
import org.symphony.rails.sim.StrikeLedger;
import org.symphony.rails.sim.TokenIssuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.pattern.Patterns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP surface of the Airtel Money simulator: the token endpoint under /auth and the Disbursement API
 * under /standard/v2 (disburse, enquire) with fault injection, and the simulator's own /sim endpoints
 * (strike ledger, faults, token revocation).
 */
final class AirtelSimulatorRoutes extends AllDirectives {

  private static final Logger log = LoggerFactory.getLogger(AirtelSimulatorRoutes.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BODY_BYTES = 16 * 1024;
  private static final Pattern COUNTRY = Pattern.compile("^[A-Z]{2}$");
  private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

  /** An API answer before faults may break it: HTTP status and JSON text. */
  private record ApiReply(int status, String body) {

    static ApiReply of(int status, JsonNode json) {
      return new ApiReply(status, json.toString());
    }

    /** The same reply cut off mid-document: what a client gets when a proxy or the rail truncates it. */
    ApiReply broken() {
      return new ApiReply(status, body.length() > 2 ? body.substring(0, body.length() / 2) : "{\"status\":");
    }

    HttpResponse toResponse() {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final AirtelSimulatorSettings settings;
  private final StrikeLedger<SimTransfer> ledger;
  private final TokenIssuer tokens;
  private final AtomicReference<SimFaults> faults;
  private final ActorSystem<?> system;
  /** Where Airtel calls back when a transaction is final (the partner's registered URL). */
  private final SimCallbacks callbacks;
  /** Message signing verification, when the settings hold Airtel's private key. */
  private final Optional<SimSignatureCheck> signatures;
  private final FaultDice dice;

  AirtelSimulatorRoutes(
      AirtelSimulatorSettings settings, StrikeLedger<SimTransfer> ledger, TokenIssuer tokens, AtomicReference<SimFaults> faults,
      ActorSystem<?> system) {
    this.settings = settings;
    this.ledger = ledger;
    this.tokens = tokens;
    this.faults = faults;
    this.system = system;
    this.callbacks = new SimCallbacks(system);
    this.signatures = SimSignatureCheck.of(settings);
    this.dice = FaultDice.forRail(AirtelMoneySimulator.RAIL, system.settings().config());
  }

  /** The seed of this simulator's random faults: started with it, the simulator replays them. */
  long faultSeed() {
    return dice.seed();
  }

  Route route() {
    return concat(
        path(segment("auth").slash("oauth2").slash("token"), () -> post(() -> withSizeLimit(MAX_BODY_BYTES, () ->
            entity(Unmarshaller.entityToString(), body -> api(request -> token(body)))))),
        pathPrefix(segment("standard").slash("v2").slash("disbursements"), this::disbursementApi),
        pathPrefix("sim", this::simulatorControl));
  }

  private Route disbursementApi() {
    return concat(
        pathEndOrSingleSlash(() -> post(() -> withSizeLimit(MAX_BODY_BYTES, () ->
            entity(Unmarshaller.entityToString(), body -> api(request -> disburse(request, body)))))),
        path(segment(), id -> get(() -> parameterOptional("transactionType", type ->
            api(request -> enquire(request, id, type))))));
  }

  private Route simulatorControl() {
    return concat(
        pathPrefix("strikes", () -> concat(
            pathEnd(() -> get(() -> answer(() -> ok(strikes())))),
            path(segment(), id -> get(() -> answer(() -> ok(strike(id))))))),
        path(segment("admin").slash("faults"), () -> concat(
            get(() -> answer(() -> ok(faults.get().toJson()))),
            post(() -> withSizeLimit(MAX_BODY_BYTES, () ->
                entity(Unmarshaller.entityToString(), body -> answer(() -> setFaults(body))))))),
        callbacks.adminRoute(),
        path(segment("admin").slash("tokens").slash("revoke"), () -> post(() -> answer(() -> {
          tokens.revokeAll();
          return ok(JsonNodeFactory.instance.objectNode().put("revoked", true));
        }))));
  }

  // --- the Airtel API ---------------------------------------------------------------------------------

  /** An Airtel API call: subject to the injected faults. */
  private Route api(Function<HttpRequest, CompletionStage<ApiReply>> handler) {
    return extractRequest(request ->
        completeWithFuture(withFaults(() -> handler.apply(request)).thenApply(ApiReply::toResponse)));
  }

  /** A simulator control call: never faulty, or a test could not observe or repair a faulty rail. */
  private Route answer(Supplier<ApiReply> handler) {
    return extractRequest(request -> complete(handler.get().toResponse()));
  }

  /** Injected latency first, then an injected 500 (nothing is executed), then the real handler, whose reply may be cut. */
  private CompletionStage<ApiReply> withFaults(Supplier<CompletionStage<ApiReply>> handler) {
    SimFaults now = faults.get();
    Supplier<CompletionStage<ApiReply>> faulty = () -> {
      if (chance(faults.get().failureRate5xx()))
        return done(ApiReply.of(500, AirtelEnvelope.error(500, null, "Something went wrong (injected fault)")));
      return handler.get().thenApply(reply -> chance(faults.get().malformedResponseRate()) ? reply.broken() : reply);
    };
    if (now.latencyMs() == 0) return faulty.get();
    return Patterns.after(Duration.ofMillis(now.latencyMs()), system, faulty::get);
  }

  private CompletionStage<ApiReply> token(String body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      json = null;
    }
    if (json == null || !json.isObject())
      return done(oauthError(400, "invalid_request", "the body must be a JSON object"));
    if (!"client_credentials".equals(json.path("grant_type").asText()))
      return done(oauthError(400, "unsupported_grant_type", "grant_type must be client_credentials"));
    String clientId = json.path("client_id").asText("");
    String clientSecret = json.path("client_secret").asText("");
    if (!matches(settings.expectedClientId(), clientId) || !matches(settings.expectedClientSecret(), clientSecret))
      return done(oauthError(401, "invalid_client", "Invalid client credentials"));
    ObjectNode reply = JsonNodeFactory.instance.objectNode();
    reply.put("access_token", tokens.issue(System.currentTimeMillis()));
    reply.put("expires_in", tokens.ttl().getSeconds());
    reply.put("token_type", "bearer");
    return done(ApiReply.of(200, reply));
  }

  private CompletionStage<ApiReply> disburse(HttpRequest request, String body) {
    Optional<ApiReply> denied = accessDenied(request);
    if (denied.isPresent()) return done(denied.get());
    if (signatures.isPresent()
        && !signatures.get().matches(header(request, "x-signature"), header(request, "x-key"), body))
      return done(notCreated(SimCode.FORBIDDEN));
    DisbursementRequest disbursement;
    try {
      disbursement = DisbursementRequest.parse(body);
    } catch (SimRejection e) {
      return done(rejection(e));
    }
    Optional<String> asked = askedCode(disbursement.msisdn());
    if (asked.isPresent()) {
      Optional<SimCode> code = SimCode.ofSuffix(asked.get());
      if (code.isEmpty()) // a code Airtel has not published: answered as is, nothing recorded
        return done(ApiReply.of(200, AirtelEnvelope.error(200, SimCode.PREFIX + asked.get(), "Unpublished code")));
      if (code.get().effect() == SimCode.Effect.NOT_CREATED) return done(notCreated(code.get()));
      return ledger.execute(decide(request, disbursement, code.get())).thenApply(this::executionReply);
    }
    return ledger.execute(decide(request, disbursement, SimCode.SUCCESS)).thenApply(this::executionReply);
  }

  /** The three digits a code payee asks for ({@link AirtelSimulatorSettings#codePayeePrefix()}). */
  private Optional<String> askedCode(String msisdn) {
    String prefix = settings.codePayeePrefix();
    if (prefix.isEmpty() || !msisdn.startsWith(prefix)) return Optional.empty();
    return Optional.of(msisdn.substring(prefix.length()));
  }

  /** A published code answered before any transaction exists (HTTP 200, success:false). */
  private static ApiReply notCreated(SimCode code) {
    return ApiReply.of(200, AirtelEnvelope.error(200, code.code(), code.message()));
  }

  private ApiReply executionReply(StrikeLedger.Execution<SimTransfer> execution) {
    if (execution instanceof StrikeLedger.Execution.Executed) {
      SimTransfer transfer = ((StrikeLedger.Execution.Executed<SimTransfer>) execution).transfer();
      if (transfer.stuckCode() == null) callbacks.sendOnce(transfer.completesAtMs(), HttpMethods.POST, ContentTypes.APPLICATION_JSON,
          () -> transfer.toCallbackJson().toString().getBytes(StandardCharsets.UTF_8), transfer.transactionId());
      if (chance(faults.get().dropResponseAfterExecuteRate()))
        return ApiReply.of(504, AirtelEnvelope.error(504, null, "Gateway timeout: executed, but the reply was lost (injected fault)"));
      if (chance(faults.get().ambiguousAfterExecuteRate()))
        return ApiReply.of(200, AirtelEnvelope.error(200, SimCode.AMBIGUOUS.code(), SimCode.AMBIGUOUS.message()));
      return ApiReply.of(200, transfer.toApiJson(transfer.statusAt(System.currentTimeMillis())));
    }
    if (execution instanceof StrikeLedger.Execution.Duplicate) {
      int status = settings.duplicateHttpStatus();
      return ApiReply.of(status, AirtelEnvelope.error(status, SimCode.DUPLICATE_TRANSACTION_ID.code(),
          SimCode.DUPLICATE_TRANSACTION_ID.message()));
    }
    if (execution instanceof StrikeLedger.Execution.Full)
      return ApiReply.of(507, AirtelEnvelope.error(507, null,
          "the simulator holds its maximum of " + settings.maxReferences() + " transactions"));
    Throwable cause = ((StrikeLedger.Execution.NotRecorded<SimTransfer>) execution).cause();
    log.warn("disbursement not executed: the strike ledger could not record it", cause);
    return ApiReply.of(503, AirtelEnvelope.error(503, null, "not executed: ledger unavailable"));
  }

  /**
   * Outcome rule, decided at acceptance: a payee ending in the failing suffix is not a registered wallet
   * (TIP, then TF with 012); a code payee's refusal fails at once, a stuck code never resolves.
   */
  private SimTransfer decide(HttpRequest request, DisbursementRequest r, SimCode asked) {
    long now = System.currentTimeMillis();
    String suffix = settings.failingPayeeSuffix();
    boolean refused = asked.effect() == SimCode.Effect.REFUSED;
    boolean unregistered = !refused && !suffix.isEmpty() && r.msisdn().endsWith(suffix);
    SimCode failure = refused ? asked : SimCode.INVALID_MOBILE_NUMBER;
    boolean fails = refused || unregistered;
    String airtelMoneyId = "MP" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 10_000_000_000L);
    return new SimTransfer(
        r.transactionId(), r.msisdn(), r.walletType(), r.reference(), r.amount(),
        header(request, "X-Country").orElse(null), header(request, "X-Currency").orElse(null),
        fails ? SimTransfer.Outcome.TF : SimTransfer.Outcome.TS,
        fails ? failure.code() : null,
        fails ? failure.message() : null,
        fails ? null : airtelMoneyId,
        now,
        refused ? now : now + faults.get().completionDelayMs(),
        asked.effect() == SimCode.Effect.STUCK ? asked.code() : null);
  }

  private CompletionStage<ApiReply> enquire(HttpRequest request, String id, Optional<String> transactionType) {
    Optional<ApiReply> denied = accessDenied(request);
    if (denied.isPresent()) return done(denied.get());
    if (!transactionType.filter("B2C"::equals).isPresent())
      return done(validationError("transactionType must be B2C"));
    // Airtel's not-found code; HTTP 404 here (the public material we found does not show the real status,
    // so the adapter reads the code from either 200 or 404)
    Optional<StrikeLedger.Strike<SimTransfer>> strike = ledger.find(id);
    if (strike.isEmpty())
      return done(ApiReply.of(404, AirtelEnvelope.error(404, SimCode.TRANSACTION_NOT_FOUND.code(),
          SimCode.TRANSACTION_NOT_FOUND.message())));
    if (chance(faults.get().ambiguousEnquiryRate())) return done(ApiReply.of(200, ambiguousTransaction(id)));
    return done(ApiReply.of(200, strike.get().transfer().toApiJson(statusOf(strike.get()))));
  }

  private static ObjectNode ambiguousTransaction(String id) {
    String message = SimCode.AMBIGUOUS.message();
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    ObjectNode transaction = json.putObject("data").putObject("transaction");
    transaction.put("id", id);
    transaction.put("status", "TA");
    transaction.put("message", message);
    json.set("status", AirtelEnvelope.status(200, SimCode.AMBIGUOUS.code(), false, message));
    return json;
  }

  /** Not yet on disk means not yet acknowledged: it can only read as TIP. */
  private static String statusOf(StrikeLedger.Strike<SimTransfer> strike) {
    return strike.durable() ? strike.transfer().statusAt(System.currentTimeMillis()) : SimTransfer.IN_PROGRESS;
  }

  private Optional<ApiReply> accessDenied(HttpRequest request) {
    Optional<String> bearer = header(request, "Authorization")
        .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(v -> v.substring(7).trim());
    if (bearer.isEmpty() || !tokens.isValid(bearer.get(), System.currentTimeMillis()))
      return Optional.of(oauthError(401, "invalid_token", "Access denied due to invalid or expired token."));
    if (header(request, "X-Country").filter(v -> COUNTRY.matcher(v).matches()).isEmpty())
      return Optional.of(ApiReply.of(400, AirtelEnvelope.gatewayRefusal(AirtelEnvelope.RESULT_INVALID_COUNTRY,
          "Invalid Country: X-Country must be an ISO 3166 alpha-2 code")));
    if (header(request, "X-Currency").filter(v -> CURRENCY.matcher(v).matches()).isEmpty())
      return Optional.of(ApiReply.of(400, AirtelEnvelope.gatewayRefusal(AirtelEnvelope.RESULT_INVALID_CURRENCY,
          "Invalid Currency: X-Currency must be an ISO 4217 code")));
    return Optional.empty();
  }

  // --- /sim ------------------------------------------------------------------------------------------

  private ObjectNode strikes() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("rail", AirtelMoneySimulator.RAIL);
    ObjectNode references = body.putObject("references");
    long total = 0;
    for (var entry : ledger.executionsByReference().entrySet()) {
      references.put(entry.getKey(), entry.getValue());
      total += entry.getValue();
    }
    body.put("total", total);
    return body;
  }

  /** Unknown ids report 0 executions (not 404): "never executed" is exactly what a crash test asks. */
  private ObjectNode strike(String id) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("referenceId", id);
    Optional<StrikeLedger.Strike<SimTransfer>> strike = ledger.find(id).filter(StrikeLedger.Strike::durable);
    body.put("executions", strike.map(StrikeLedger.Strike::executions).orElse(0));
    body.put("status", strike.map(AirtelSimulatorRoutes::statusOf).orElse(null));
    return body;
  }

  private ApiReply setFaults(String body) {
    try {
      JsonNode patch = JSON.readTree(body);
      SimFaults updated = faults.updateAndGet(current -> current.patchedWith(patch));
      log.info("simulator faults set to {}", updated);
      return ok(updated.toJson());
    } catch (IOException | IllegalArgumentException e) {
      ObjectNode error = JsonNodeFactory.instance.objectNode().put("code", "INVALID_FAULTS").put("message", e.getMessage());
      return ApiReply.of(400, error);
    }
  }

  // --- helpers ---------------------------------------------------------------------------------------

  private boolean chance(double rate) {
    return dice.roll(rate);
  }

  /** An empty expectation accepts any non-empty value. */
  private static boolean matches(String expected, String given) {
    return expected.isEmpty() ? !given.isEmpty() : expected.equals(given);
  }

  private static Optional<String> header(HttpRequest request, String name) {
    return request.getHeader(name).map(HttpHeader::value);
  }

  private static ApiReply ok(JsonNode body) {
    return ApiReply.of(200, body);
  }

  private static ApiReply validationError(String detail) {
    return ApiReply.of(400, AirtelEnvelope.gatewayRefusal(AirtelEnvelope.RESULT_VALIDATION,
        "Field validation error: " + detail));
  }

  /** A gateway refusal (HTTP 400, ESB code), or the service's published refusal (HTTP 200, DP code). */
  private static ApiReply rejection(SimRejection e) {
    if (e.responseCode() != null) return notCreated(e.responseCode());
    return ApiReply.of(400, AirtelEnvelope.gatewayRefusal(e.resultCode(),
        e.resultCode().equals(AirtelEnvelope.RESULT_VALIDATION) ? "Field validation error: " + e.getMessage()
            : e.getMessage()));
  }

  /** Errors of the OAuth gateway in front of the API: {"error","error_description"}. */
  private static ApiReply oauthError(int status, String error, String description) {
    return ApiReply.of(status, JsonNodeFactory.instance.objectNode().put("error", error).put("error_description", description));
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
