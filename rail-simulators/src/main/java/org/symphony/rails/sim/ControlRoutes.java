package org.symphony.rails.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes under {@code /sim} that every simulator shares. They are never faulty, or a test could not observe or
 * repair a faulty rail:
 * <ul>
 *   <li>{@code GET /sim/strikes}: executions per reference and their total (INV-ONCE);
 *       {@code GET /sim/strikes/{reference}}: one reference, as the rail describes it;
 *   <li>{@code GET|POST /sim/admin/faults}: the injected faults (400 INVALID_FAULTS for a bad patch);
 *   <li>{@code GET|POST /sim/admin/callback}: where the rail calls back, for rails that do;
 *   <li>{@code POST /sim/admin/tokens/revoke}: every issued token invalid, for rails with tokens;
 * </ul>
 * and the rail's own control routes, if any.
 */
public final class ControlRoutes {

  private static final Logger log = LoggerFactory.getLogger(ControlRoutes.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BODY_BYTES = 16 * 1024;

  private ControlRoutes() {}

  /** What a rail's simulator shows and lets a test change. */
  public record Of<F extends SimulatorFaults<F>>(
      String rail,
      Supplier<Map<String, Integer>> executionsByReference,
      Function<String, ObjectNode> strike,
      AtomicReference<F> faults,
      Optional<SimCallbacks> callbacks,
      Optional<TokenIssuer> tokens,
      List<Route> railRoutes) {}

  /** The routes to mount under {@code /sim}. */
  public static <F extends SimulatorFaults<F>> Route route(Of<F> control) {
    List<Route> routes = new ArrayList<>();
    routes.add(Directives.pathPrefix("strikes", () -> Directives.concat(
        Directives.pathEnd(() -> Directives.get(() -> Directives.complete(ok(strikes(control))))),
        Directives.path(PathMatchers.segment(), reference -> Directives.get(() ->
            Directives.complete(ok(control.strike().apply(reference))))))));
    routes.add(Directives.path(PathMatchers.segment("admin").slash("faults"), () -> Directives.concat(
        Directives.get(() -> Directives.complete(ok(control.faults().get().toJson()))),
        Directives.post(() -> Directives.withSizeLimit(MAX_BODY_BYTES, () ->
            Directives.entity(Unmarshaller.entityToString(), body -> Directives.complete(setFaults(control, body))))))));
    control.callbacks().ifPresent(callbacks -> routes.add(callbacks.adminRoute()));
    control.tokens().ifPresent(tokens -> routes.add(
        Directives.path(PathMatchers.segment("admin").slash("tokens").slash("revoke"), () -> Directives.post(() -> {
          tokens.revokeAll();
          return Directives.complete(ok(JSON.createObjectNode().put("revoked", true)));
        }))));
    routes.addAll(control.railRoutes());
    return Directives.concat(routes.get(0), routes.subList(1, routes.size()).toArray(Route[]::new));
  }

  private static ObjectNode strikes(Of<?> control) {
    ObjectNode body = JSON.createObjectNode();
    body.put("rail", control.rail());
    ObjectNode references = body.putObject("references");
    long total = 0;
    for (var entry : control.executionsByReference().get().entrySet()) {
      references.put(entry.getKey(), entry.getValue());
      total += entry.getValue();
    }
    body.put("total", total);
    return body;
  }

  private static <F extends SimulatorFaults<F>> HttpResponse setFaults(Of<F> control, String body) {
    try {
      JsonNode patch = JSON.readTree(body);
      F updated = control.faults().updateAndGet(current -> current.patchedWith(patch));
      log.info("{} simulator faults set to {}", control.rail(), updated);
      return ok(updated.toJson());
    } catch (IOException | IllegalArgumentException e) {
      return json(StatusCodes.BAD_REQUEST,
          JSON.createObjectNode().put("code", "INVALID_FAULTS").put("message", String.valueOf(e.getMessage())));
    }
  }

  private static HttpResponse ok(JsonNode body) {
    return json(StatusCodes.OK, body);
  }

  private static HttpResponse json(StatusCode status, JsonNode body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body.toString());
  }
}
