package org.symphony.edge.callbacks;

import static org.apache.pekko.http.javadsl.server.Directives.complete;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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

/**
 * MTN MoMo's callback (sent once, without retry, by PUT or POST). It is treated as a hint only: the
 * instruction named by externalId asks the rail by its key at once, so a forged or replayed callback
 * can make Symphony ask, never make it believe. Polling stays the safety net.
 */
public final class RailCallbackRoutes {

  public static final Endpoint MTN_PUT = new Endpoint("PUT", "/v1/callbacks/mtn-momo");
  public static final Endpoint MTN_POST = new Endpoint("POST", "/v1/callbacks/mtn-momo");
  private static final long MAX_BODY_BYTES = 16 * 1024;

  private final InstructionGateway gateway;
  private final Admission admission;
  private final java.time.Duration bodyReadTimeout;

  public RailCallbackRoutes(InstructionGateway gateway, Admission admission, java.time.Duration bodyReadTimeout) {
    this.gateway = gateway;
    this.admission = admission;
    this.bodyReadTimeout = bodyReadTimeout;
  }

  public Map<Endpoint, Function<List<String>, Route>> operations() {
    Map<Endpoint, Function<List<String>, Route>> ops = new LinkedHashMap<>();
    ops.put(MTN_PUT, params -> mtn());
    ops.put(MTN_POST, params -> mtn());
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
      if (permit.isEmpty())
        return Problems.complete(Problem.of(ProblemCode.OVERLOADED, "too many callbacks in progress"), Problems.retryAfter(java.time.Duration.ofSeconds(1)));
      try {
        gateway.railCallback(externalId.get());
      } finally {
        permit.get().release();
      }
      return complete(HttpResponse.create().withStatus(200).withEntity(ContentTypes.APPLICATION_JSON, "{}"));
    });
  }
}
