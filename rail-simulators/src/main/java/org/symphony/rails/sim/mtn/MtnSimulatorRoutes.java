package org.symphony.rails.sim.mtn;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;
import org.symphony.rails.sim.StrikeLedger;
import org.symphony.rails.sim.TokenIssuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
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
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.pattern.Patterns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.rails.sim.FaultDice;
import org.symphony.rails.sim.SimCallbacks;

/**
 * HTTP surface of the MTN MoMo simulator: the Disbursement API under /disbursement (token, transfer,
 * transfer status) with fault injection, and the simulator's own /sim endpoints (strike ledger, faults).
 */
final class MtnSimulatorRoutes extends AllDirectives {

  private static final Logger log = LoggerFactory.getLogger(MtnSimulatorRoutes.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BODY_BYTES = 16 * 1024;
  private static final Pattern UUID_V4 =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$");

  private final MtnSimulatorSettings settings;
  private final StrikeLedger<SimTransfer> ledger;
  private final TokenIssuer tokens;
  private final AtomicReference<SimFaults> faults;
  private final ActorSystem<?> system;
  private final SimCallbacks callbacks;
  private final FaultDice dice;
  /** Status queries per known reference (bounded by the strike ledger), so a test can see load put on the rail. */
  private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicLong> statusQueries =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** Poison replies per reference (at most maxReferences references), so a test can count the attempts on the rail. */
  private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicLong> poisoned =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** Payee partyId → the ErrorReason every new transfer to it is answered with (at most maxReferences payees). */
  private final java.util.concurrent.ConcurrentHashMap<String, MtnErrorAnswers.Answer> refusals =
      new java.util.concurrent.ConcurrentHashMap<>();

  MtnSimulatorRoutes(
      MtnSimulatorSettings settings, StrikeLedger<SimTransfer> ledger, TokenIssuer tokens, AtomicReference<SimFaults> faults,
      ActorSystem<?> system) {
    this.settings = settings;
    this.ledger = ledger;
    this.tokens = tokens;
    this.faults = faults;
    this.system = system;
    this.callbacks = new SimCallbacks(system);
    this.dice = FaultDice.forRail(MtnMomoSimulator.RAIL, system.settings().config());
  }

  /** The seed of this simulator's random faults: started with it, the simulator replays them. */
  long faultSeed() {
    return dice.seed();
  }

  Route route() {
    return concat(pathPrefix("disbursement", this::disbursementApi), pathPrefix("sim", this::simulatorControl));
  }

  private Route disbursementApi() {
    return concat(
        pathPrefix("token", () -> pathEndOrSingleSlash(() -> post(() -> api(this::token)))),
        pathPrefix(segment("v1_0").slash("transfer"), () -> concat(
            pathEnd(() -> post(() -> withSizeLimit(MAX_BODY_BYTES, () ->
                entity(Unmarshaller.entityToString(), body -> api(request -> createTransfer(request, body)))))),
            path(segment(), reference -> get(() -> api(request -> transferStatus(request, reference)))))));
  }

  private Route simulatorControl() {
    return concat(
        pathPrefix("strikes", () -> concat(
            pathEnd(() -> get(() -> answer(request -> done(ok(strikes()))))),
            path(segment(), reference -> get(() -> answer(request -> done(ok(strike(reference)))))))),
        path(segment("admin").slash("faults"), () -> concat(
            get(() -> answer(request -> done(ok(faults.get().toJson())))),
            post(() -> withSizeLimit(MAX_BODY_BYTES, () ->
                entity(Unmarshaller.entityToString(), body -> answer(request -> done(setFaults(body)))))))),
        path(segment("admin").slash("refusals"), () -> concat(
            get(() -> answer(request -> done(ok(refusalsJson())))),
            post(() -> withSizeLimit(MAX_BODY_BYTES, () ->
                entity(Unmarshaller.entityToString(), body -> answer(request -> done(setRefusal(body)))))))),
        path(segment("admin").slash("tokens").slash("revoke"), () -> post(() -> answer(request -> {
          tokens.revokeAll();
          return done(ok(JsonNodeFactory.instance.objectNode().put("revoked", true)));
        }))));
  }

  // --- /disbursement ---------------------------------------------------------------------------------

  /** A Disbursement API call: subject to the injected faults. */
  private Route api(Function<HttpRequest, CompletionStage<HttpResponse>> handler) {
    return extractRequest(request -> completeWithFuture(withFaults(() -> handler.apply(request))));
  }

  /** A simulator control call: never faulty, or a test could not observe or repair a faulty rail. */
  private Route answer(Function<HttpRequest, CompletionStage<HttpResponse>> handler) {
    return extractRequest(request -> completeWithFuture(handler.apply(request)));
  }

  /** Injected latency first, then an injected 500 (nothing is executed), then the real handler. */
  private CompletionStage<HttpResponse> withFaults(Supplier<CompletionStage<HttpResponse>> handler) {
    SimFaults now = faults.get();
    Supplier<CompletionStage<HttpResponse>> faulty = () -> {
      if (chance(faults.get().failureRate5xx()))
        return done(error(StatusCodes.INTERNAL_SERVER_ERROR, "INTERNAL_PROCESSING_ERROR", "injected fault"));
      return handler.get();
    };
    if (now.latencyMs() == 0) return faulty.get();
    return Patterns.after(Duration.ofMillis(now.latencyMs()), system, faulty::get);
  }

  private CompletionStage<HttpResponse> token(HttpRequest request) {
    Optional<HttpResponse> denied = subscriptionDenied(request);
    if (denied.isPresent()) return done(denied.get());
    Optional<String[]> basic = header(request, "Authorization").flatMap(MtnSimulatorRoutes::basicCredentials);
    boolean valid =
        basic.isPresent()
            && matches(settings.expectedApiUser(), basic.get()[0])
            && matches(settings.expectedApiKey(), basic.get()[1]);
    if (!valid) return done(json(StatusCodes.UNAUTHORIZED, JsonNodeFactory.instance.objectNode().put("error", "login_failed")));
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("access_token", tokens.issue(System.currentTimeMillis()));
    body.put("token_type", "access_token");
    body.put("expires_in", tokens.ttl().getSeconds());
    return done(ok(body));
  }

  private CompletionStage<HttpResponse> createTransfer(HttpRequest request, String body) {
    Optional<HttpResponse> denied = accessDenied(request);
    if (denied.isPresent()) return done(denied.get());
    // UUIDs are case-insensitive: one reference must not become two by changing case
    String reference = header(request, "X-Reference-Id").orElse("").toLowerCase(Locale.ROOT);
    TransferRequest transfer;
    Optional<String> callbackUrl = header(request, "X-Callback-Url");
    try {
      // MTN: "the X-ref ID does not meet UUID Version 4" is a 400 (Common Errors), without an ErrorReason code
      if (!UUID_V4.matcher(reference).matches()) throw SimRejection.badRequest("X-Reference-Id must be a version 4 UUID");
      transfer = TransferRequest.parse(body);
      if (callbackUrl.isPresent()) checkCallbackHost(callbackUrl.get());
      checkCurrency(transfer.currency());
      MtnErrorAnswers.Answer scripted = refusals.get(transfer.partyId());
      if (scripted != null) throw SimRejection.error(scripted.code());
    } catch (SimRejection e) {
      return done(rejection(e));
    }
    if (!faults.get().poisonPayee().isEmpty() && faults.get().poisonPayee().equals(transfer.partyId())) return done(poison(reference));
    if (chance(faults.get().intakeFailureRate()))
      return done(error(StatusCodes.INTERNAL_SERVER_ERROR, "INTERNAL_PROCESSING_ERROR", "injected fault: intake down, nothing executed"));
    SimTransfer decided = decide(reference, transfer);
    return ledger.execute(decided).thenApply(execution -> {
      if (execution instanceof StrikeLedger.Execution.Executed && callbackUrl.isPresent())
        MtnCallbacks.sendOnce(callbacks, callbackUrl.get(), decided);
      return executionReply(execution);
    });
  }

  /** The callback host must be the one registered for the API user (MTN: 500 INVALID_CALLBACK_URL_HOST). */
  private void checkCallbackHost(String url) {
    String host;
    try {
      java.net.URI uri = new java.net.URI(url);
      host = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme()) ? uri.getHost() : null;
    } catch (java.net.URISyntaxException e) {
      host = null;
    }
    if (host == null) throw SimRejection.badRequest("X-Callback-Url is not an http(s) URL");
    if (!settings.callbackHost().isEmpty() && !settings.callbackHost().equalsIgnoreCase(host))
      throw SimRejection.error("INVALID_CALLBACK_URL_HOST");
  }

  /** Each environment takes one currency; MTN refuses another with 500 INVALID_CURRENCY ("Currency not supported."). */
  private void checkCurrency(String currency) {
    if (!MtnEnvironments.currencyOf(settings.targetEnvironment()).orElseThrow().equals(currency))
      throw SimRejection.error("INVALID_CURRENCY");
  }

  private static HttpResponse rejection(SimRejection rejection) {
    if (rejection.answer().isEmpty()) {
      log.debug("400: {}", rejection.getMessage());
      return HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST);
    }
    MtnErrorAnswers.Answer answer = rejection.answer().get();
    return error(StatusCodes.get(answer.httpStatus()), answer.code(), answer.message());
  }

  /** Not executed; the reply is unusable (200 where 202 is due, a body that is not JSON). */
  private HttpResponse poison(String reference) {
    if (poisoned.containsKey(reference) || poisoned.size() < settings.maxReferences())
      poisoned.computeIfAbsent(reference, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
    return HttpResponse.create().withStatus(StatusCodes.OK)
        .withEntity(ContentTypes.APPLICATION_JSON, "{\"status\": \"SUCC<html>poison".getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse executionReply(StrikeLedger.Execution<SimTransfer> execution) {
    if (execution instanceof StrikeLedger.Execution.Executed) {
      if (chance(faults.get().dropResponseAfterExecuteRate()))
        return error(StatusCodes.GATEWAY_TIMEOUT, "GATEWAY_TIMEOUT", "executed, but the reply was lost (injected fault)");
      return HttpResponse.create().withStatus(StatusCodes.ACCEPTED);
    }
    if (execution instanceof StrikeLedger.Execution.Duplicate)
      return error(StatusCodes.CONFLICT, "RESOURCE_ALREADY_EXIST", "Duplicated reference id. Creation of resource failed.");
    if (execution instanceof StrikeLedger.Execution.Full)
      return error(StatusCodes.INSUFFICIENT_STORAGE, "SIMULATOR_FULL",
          "the simulator holds its maximum of " + settings.maxReferences() + " references");
    Throwable cause = ((StrikeLedger.Execution.NotRecorded<SimTransfer>) execution).cause();
    log.warn("transfer not executed: the strike ledger could not record it", cause);
    return error(StatusCodes.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE", "not executed: ledger unavailable");
  }

  /** Outcome rule, decided at acceptance: a payee ending in the failing suffix does not exist. */
  private SimTransfer decide(String reference, TransferRequest r) {
    long now = System.currentTimeMillis();
    String suffix = settings.failingPayeeSuffix();
    boolean payeeMissing = !suffix.isEmpty() && r.partyId().endsWith(suffix);
    String financialTransactionId = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 10_000_000_000L));
    return new SimTransfer(
        reference, r.externalId(), r.amount(), r.currency(), r.partyIdType(), r.partyId(), r.payerMessage(),
        r.payeeNote(),
        payeeMissing ? SimTransfer.Outcome.FAILED : SimTransfer.Outcome.SUCCESSFUL,
        payeeMissing ? "PAYEE_NOT_FOUND" : null,
        payeeMissing ? "Payee does not exist" : null,
        financialTransactionId,
        now,
        now + faults.get().completionDelayMs());
  }

  private CompletionStage<HttpResponse> transferStatus(HttpRequest request, String reference) {
    Optional<HttpResponse> denied = accessDenied(request);
    if (denied.isPresent()) return done(denied.get());
    String key = reference.toLowerCase(Locale.ROOT);
    return done(ledger.find(key)
        .map(strike -> {
          statusQueries.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
          return ok(strike.transfer().toApiJson(statusOf(strike)));
        })
        .orElseGet(() -> error(StatusCodes.NOT_FOUND, "RESOURCE_NOT_FOUND", "Requested resource was not found.")));
  }

  /** Not yet on disk means not yet acknowledged: it can only read as PENDING. */
  private static String statusOf(StrikeLedger.Strike<SimTransfer> strike) {
    return strike.durable() ? strike.transfer().statusAt(System.currentTimeMillis()) : "PENDING";
  }

  private Optional<HttpResponse> accessDenied(HttpRequest request) {
    Optional<HttpResponse> denied = subscriptionDenied(request);
    if (denied.isPresent()) return denied;
    Optional<String> bearer =
        header(request, "Authorization").filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7)).map(v -> v.substring(7).trim());
    if (bearer.isEmpty() || !tokens.isValid(bearer.get(), System.currentTimeMillis()))
      return Optional.of(error(StatusCodes.UNAUTHORIZED, "UNAUTHORIZED", "Access denied due to invalid or expired token."));
    // MTN: a missing header breaks the specification (400); another environment than the API user's is refused
    // with 500 NOT_ALLOWED_TARGET_ENVIRONMENT ("Value passed in header X-Target-Environment is incorrect")
    Optional<String> environment = header(request, "X-Target-Environment").filter(v -> !v.isBlank());
    if (environment.isEmpty()) return Optional.of(HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST));
    if (!environment.get().equals(settings.targetEnvironment()))
      return Optional.of(rejection(SimRejection.error("NOT_ALLOWED_TARGET_ENVIRONMENT")));
    return Optional.empty();
  }

  private Optional<HttpResponse> subscriptionDenied(HttpRequest request) {
    Optional<String> key = header(request, "Ocp-Apim-Subscription-Key").filter(v -> !v.isBlank());
    if (key.isPresent() && matches(settings.expectedSubscriptionKey(), key.get())) return Optional.empty();
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("statusCode", 401);
    body.put("message", "Access denied due to " + (key.isEmpty() ? "missing" : "invalid") + " subscription key.");
    return Optional.of(json(StatusCodes.UNAUTHORIZED, body));
  }

  // --- /sim ------------------------------------------------------------------------------------------

  private ObjectNode strikes() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("rail", MtnMomoSimulator.RAIL);
    ObjectNode references = body.putObject("references");
    long total = 0;
    for (var entry : ledger.executionsByReference().entrySet()) {
      references.put(entry.getKey(), entry.getValue());
      total += entry.getValue();
    }
    body.put("total", total);
    return body;
  }

  /** Unknown references report 0 executions (not 404): "never executed" is exactly what a crash test asks. */
  private ObjectNode strike(String reference) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("referenceId", reference);
    Optional<StrikeLedger.Strike<SimTransfer>> strike = ledger.find(reference.toLowerCase(Locale.ROOT)).filter(StrikeLedger.Strike::durable);
    body.put("executions", strike.map(StrikeLedger.Strike::executions).orElse(0));
    body.put("status", strike.map(MtnSimulatorRoutes::statusOf).orElse(null));
    var queries = statusQueries.get(reference.toLowerCase(Locale.ROOT));
    body.put("statusQueries", queries == null ? 0 : queries.get());
    var poisonReplies = poisoned.get(reference.toLowerCase(Locale.ROOT));
    body.put("poisonReplies", poisonReplies == null ? 0 : poisonReplies.get());
    return body;
  }

  private ObjectNode refusalsJson() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    refusals.forEach((partyId, answer) ->
        body.putObject(partyId).put("httpStatus", answer.httpStatus()).put("code", answer.code()).put("message", answer.message()));
    return body;
  }

  /** {"partyId": "...", "code": "NOT_ENOUGH_FUNDS"}: new transfers to that payee get MTN's answer for the code, unexecuted; "code": "" clears. */
  private HttpResponse setRefusal(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      String partyId = json == null ? "" : json.path("partyId").asText("");
      String code = json == null ? "" : json.path("code").asText("");
      if (partyId.isEmpty()) throw new IllegalArgumentException("partyId is required");
      if (code.isEmpty()) {
        refusals.remove(partyId);
      } else {
        MtnErrorAnswers.Answer answer = MtnErrorAnswers.of(code)
            .orElseThrow(() -> new IllegalArgumentException("not an MTN ErrorReason code: " + code));
        if (!refusals.containsKey(partyId) && refusals.size() >= settings.maxReferences())
          throw new IllegalArgumentException("at most " + settings.maxReferences() + " scripted payees");
        refusals.put(partyId, answer);
      }
      return ok(refusalsJson());
    } catch (IOException | IllegalArgumentException e) {
      return error(StatusCodes.BAD_REQUEST, "INVALID_REFUSAL", e.getMessage());
    }
  }

  private HttpResponse setFaults(String body) {
    try {
      JsonNode patch = JSON.readTree(body);
      SimFaults updated = faults.updateAndGet(current -> current.patchedWith(patch));
      log.info("simulator faults set to {}", updated);
      return ok(updated.toJson());
    } catch (IOException | IllegalArgumentException e) {
      return error(StatusCodes.BAD_REQUEST, "INVALID_FAULTS", e.getMessage());
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

  private static Optional<String[]> basicCredentials(String authorization) {
    if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) return Optional.empty();
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0 || colon == decoded.length() - 1) return Optional.empty();
    return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
  }

  private static HttpResponse ok(JsonNode body) {
    return json(StatusCodes.OK, body);
  }

  private static HttpResponse error(StatusCode status, String code, String message) {
    return json(status, JsonNodeFactory.instance.objectNode().put("code", code).put("message", message));
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
