package org.symphony.edge.callbacks;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.symphony.edge.callbacks.CallbackOutcomes.Outcome;
import org.symphony.edge.http.Endpoint;
import org.symphony.edge.http.Json;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;
import org.symphony.edge.problem.Problems;
import org.symphony.edge.problem.StrictBody;
import org.symphony.engine.instruction.InstructionId;
import org.symphony.engine.rail.RailKey;

/**
 * The rails' callbacks. Each is a hint only: the instruction it names asks the rail by its key (at most once
 * per interval, see the engine), so a forged or replayed callback can make Symphony ask, never make it
 * believe; polling stays the safety net. Every callback is resolved through the read model's rail-key index
 * by the {@link CallbackResolver}: a key nobody issued never reaches an instruction entity.
 *
 * <p>What the caller sees. A rail whose secret is configured must carry it as {@code ?secret=} of the
 * registered callback URL: missing or wrong → 401, before anything is read. Queue full → 503 + Retry-After.
 * MTN (names the instruction): answered after the first lookup — 200 when the instruction is known, 404
 * CALLBACK_REFERENCE_UNKNOWN when it is not indexed (it is still looked up again for the index wait, in case
 * the projection was behind). Airtel and the RTGS (name the rail key): 202 at once, resolved in the
 * background; a key still unknown after the index wait is dropped and counted.
 */
public final class RailCallbackRoutes {

  public static final Endpoint MTN_PUT = new Endpoint("PUT", "/v1/callbacks/mtn-momo");
  public static final Endpoint MTN_POST = new Endpoint("POST", "/v1/callbacks/mtn-momo");
  public static final Endpoint AIRTEL = new Endpoint("POST", "/v1/callbacks/airtel-money");
  public static final Endpoint RTGS = new Endpoint("POST", "/v1/callbacks/rtgs");
  /** The query parameter of a registered callback URL that carries the rail's secret. */
  public static final String SECRET_PARAMETER = "secret";
  private static final long MAX_BODY_BYTES = 16 * 1024;

  private final CallbackResolver resolver;
  private final CallbackSettings settings;
  private final CallbackOutcomes outcomes;
  private final Duration bodyReadTimeout;
  private final Duration retryAfter;

  public RailCallbackRoutes(
      CallbackResolver resolver, CallbackSettings settings, CallbackOutcomes outcomes, Duration bodyReadTimeout, Duration retryAfter) {
    this.resolver = resolver;
    this.settings = settings;
    this.outcomes = outcomes;
    this.bodyReadTimeout = bodyReadTimeout;
    this.retryAfter = retryAfter;
  }

  public Map<Endpoint, Function<List<String>, Route>> operations() {
    Map<Endpoint, Function<List<String>, Route>> ops = new LinkedHashMap<>();
    ops.put(MTN_PUT, params -> authenticated(CallbackSettings.MTN, this::mtn));
    ops.put(MTN_POST, params -> authenticated(CallbackSettings.MTN, this::mtn));
    ops.put(AIRTEL, params -> authenticated(CallbackSettings.AIRTEL, this::airtel));
    ops.put(RTGS, params -> authenticated(CallbackSettings.RTGS, this::rtgs));
    return ops;
  }

  /** With a secret configured for the rail, only a callback URL carrying it gets further. */
  private Route authenticated(String rail, Supplier<Route> inner) {
    String expected = settings.secretOf(rail);
    if (expected.isEmpty()) return inner.get();
    return parameterOptional(SECRET_PARAMETER, given -> {
      if (given.isPresent() && sameSecret(expected, given.get())) return inner.get();
      outcomes.counted(rail, Outcome.UNAUTHENTICATED);
      return Problems.complete(Problem.of(ProblemCode.CALLBACK_UNAUTHENTICATED, "this callback URL does not carry the rail's secret"));
    });
  }

  /** MTN names the instruction (externalId); its rail key is looked up like the others'. */
  private Route mtn() {
    return StrictBody.read(MAX_BODY_BYTES, bodyReadTimeout, entity -> {
      Optional<String> externalId = Json.parse(entity.getData().toArray())
          .map(json -> json.path("externalId"))
          .filter(node -> node.isTextual())
          .map(node -> node.textValue());
      if (externalId.isEmpty() || !InstructionId.isWellFormed(externalId.get()))
        return Problems.complete(Problem.of(ProblemCode.FIELD_INVALID, "externalId must name a Symphony instruction"));
      Optional<CompletionStage<CallbackResolver.FirstLook>> firstLook =
          resolver.resolve(CallbackSettings.MTN, RailKey.forInstruction(externalId.get()).value());
      if (firstLook.isEmpty()) return overloaded();
      return onComplete(firstLook.get(), result -> {
        if (result.isFailure())
          return Problems.complete(Problem.of(ProblemCode.READ_MODEL_UNAVAILABLE, "the instruction index could not be read"),
              Problems.retryAfter(retryAfter));
        if (result.get() == CallbackResolver.FirstLook.NOT_INDEXED)
          return Problems.complete(Problem.of(ProblemCode.CALLBACK_REFERENCE_UNKNOWN,
              "no instruction " + externalId.get() + " is known; it is polled anyway if it exists"));
        return noted(200);
      });
    });
  }

  /** Airtel: {"transaction": {"id": <our transaction id = rail key>, "status_code": "TS", ...}}. */
  private Route airtel() {
    return StrictBody.read(MAX_BODY_BYTES, bodyReadTimeout, entity -> {
      Optional<String> railKey = Json.parse(entity.getData().toArray())
          .map(json -> json.path("transaction").path("id"))
          .filter(node -> node.isTextual())
          .map(node -> node.textValue())
          .filter(RailKey::isWellFormed);
      if (railKey.isEmpty())
        return Problems.complete(Problem.of(ProblemCode.FIELD_INVALID, "transaction.id must be a transaction id Symphony issued"));
      return acknowledged(CallbackSettings.AIRTEL, railKey.get());
    });
  }

  /** RTGS: a pushed pacs.002 naming our message (OrgnlMsgId) or UETR. */
  private Route rtgs() {
    return StrictBody.read(MAX_BODY_BYTES, bodyReadTimeout, entity -> {
      Optional<String> railKey = Pacs002References.railKey(entity.getData().toArray());
      if (railKey.isEmpty())
        return Problems.complete(Problem.of(ProblemCode.FIELD_INVALID, "a pacs.002 naming OrgnlUETR or OrgnlMsgId of a Symphony message is required"));
      return acknowledged(CallbackSettings.RTGS, railKey.get());
    });
  }

  /** Accepted for resolution in the background: the caller holds nothing while the index catches up. */
  private Route acknowledged(String rail, String railKey) {
    return resolver.resolve(rail, railKey).isPresent() ? noted(202) : overloaded();
  }

  private Route overloaded() {
    return Problems.complete(Problem.of(ProblemCode.OVERLOADED, "too many callbacks waiting to be resolved"), Problems.retryAfter(retryAfter));
  }

  private static Route noted(int status) {
    return complete(HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, "{}"));
  }

  /** Constant time whatever the lengths: both sides are hashed first. */
  private static boolean sameSecret(String expected, String given) {
    return MessageDigest.isEqual(sha256(expected), sha256(given));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JVM spec", e);
    }
  }
}
