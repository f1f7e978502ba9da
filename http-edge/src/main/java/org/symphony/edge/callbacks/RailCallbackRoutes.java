package org.symphony.edge.callbacks;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.symphony.edge.http.Admission;
import org.symphony.edge.http.Endpoint;
import org.symphony.edge.http.Json;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;
import org.symphony.edge.problem.Problems;
import org.symphony.edge.problem.StrictBody;
import org.symphony.engine.instruction.InstructionGateway;
import org.symphony.engine.instruction.InstructionId;
import org.symphony.engine.rail.RailKey;

/**
 * The rails' callbacks. Each is a hint only: the instruction it names asks the rail by its key at once,
 * so a forged or replayed callback can make Symphony ask, never make it believe; polling stays the
 * safety net. MTN names the instruction (externalId); Airtel and the RTGS name the rail key, looked up
 * in the read model.
 */
public final class RailCallbackRoutes {

  public static final Endpoint MTN_PUT = new Endpoint("PUT", "/v1/callbacks/mtn-momo");
  public static final Endpoint MTN_POST = new Endpoint("POST", "/v1/callbacks/mtn-momo");
  public static final Endpoint AIRTEL = new Endpoint("POST", "/v1/callbacks/airtel-money");
  public static final Endpoint RTGS = new Endpoint("POST", "/v1/callbacks/rtgs");
  private static final long MAX_BODY_BYTES = 16 * 1024;
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  /** Between lookups of a rail key the read model has not indexed yet. */
  private static final Duration INDEX_POLL = Duration.ofMillis(250);

  private final InstructionGateway gateway;
  private final RailKeyIndex railKeys;
  private final Admission admission;
  private final Duration bodyReadTimeout;
  private final Duration indexWait;

  public RailCallbackRoutes(
      InstructionGateway gateway, RailKeyIndex railKeys, Admission admission, Duration bodyReadTimeout, Duration indexWait) {
    this.gateway = gateway;
    this.railKeys = railKeys;
    this.admission = admission;
    this.bodyReadTimeout = bodyReadTimeout;
    this.indexWait = indexWait;
  }

  public Map<Endpoint, Function<List<String>, Route>> operations() {
    Map<Endpoint, Function<List<String>, Route>> ops = new LinkedHashMap<>();
    ops.put(MTN_PUT, params -> mtn());
    ops.put(MTN_POST, params -> mtn());
    ops.put(AIRTEL, params -> airtel());
    ops.put(RTGS, params -> rtgs());
    return ops;
  }

  private Route mtn() {
    return StrictBody.read(MAX_BODY_BYTES, bodyReadTimeout, entity -> {
      Optional<String> externalId = Json.parse(entity.getData().toArray())
          .map(json -> json.path("externalId"))
          .filter(node -> node.isTextual())
          .map(node -> node.textValue());
      if (externalId.isEmpty() || !InstructionId.isWellFormed(externalId.get()))
        return Problems.complete(Problem.of(ProblemCode.FIELD_INVALID, "externalId must name a Symphony instruction"));
      Optional<Admission.Permit> permit = admission.tryAcquire();
      if (permit.isEmpty()) return overloaded();
      try {
        gateway.railCallback(externalId.get());
      } finally {
        permit.get().release();
      }
      return noted();
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
      return byRailKey(railKey.get());
    });
  }

  /** RTGS: a pushed pacs.002 naming our message (OrgnlMsgId) or UETR. */
  private Route rtgs() {
    return StrictBody.read(MAX_BODY_BYTES, bodyReadTimeout, entity -> {
      Optional<String> railKey = Pacs002References.railKey(entity.getData().toArray());
      if (railKey.isEmpty())
        return Problems.complete(Problem.of(ProblemCode.FIELD_INVALID, "a pacs.002 naming OrgnlUETR or OrgnlMsgId of a Symphony message is required"));
      return byRailKey(railKey.get());
    });
  }

  private Route byRailKey(String railKey) {
    Optional<Admission.Permit> permit = admission.tryAcquire();
    if (permit.isEmpty()) return overloaded();
    int lookups = 1 + (int) (indexWait.toMillis() / INDEX_POLL.toMillis());
    var lookup = lookup(railKey, lookups).whenComplete((found, error) -> permit.get().release());
    return onComplete(lookup, result -> {
      if (result.isFailure())
        return Problems.complete(Problem.of(ProblemCode.READ_MODEL_UNAVAILABLE, "the rail key index could not be read"), Problems.retryAfter(RETRY_AFTER));
      if (result.get().isEmpty())
        return Problems.complete(Problem.of(ProblemCode.CALLBACK_REFERENCE_UNKNOWN, "no instruction (yet) for " + railKey + "; it is polled anyway"));
      gateway.railCallback(result.get().get());
      return noted();
    });
  }

  /** The index follows the journal by a projection: a key accepted a moment ago may not be there yet. */
  private CompletionStage<Optional<String>> lookup(String railKey, int lookupsLeft) {
    return railKeys.instructionFor(railKey).thenCompose(found -> {
      if (found.isPresent() || lookupsLeft <= 1) return CompletableFuture.completedFuture(found);
      Executor later = CompletableFuture.delayedExecutor(INDEX_POLL.toMillis(), TimeUnit.MILLISECONDS);
      return CompletableFuture.supplyAsync(() -> railKey, later).thenCompose(key -> lookup(key, lookupsLeft - 1));
    });
  }

  private static Route overloaded() {
    return Problems.complete(Problem.of(ProblemCode.OVERLOADED, "too many callbacks in progress"), Problems.retryAfter(RETRY_AFTER));
  }

  private static Route noted() {
    return complete(HttpResponse.create().withStatus(200).withEntity(ContentTypes.APPLICATION_JSON, "{}"));
  }
}
