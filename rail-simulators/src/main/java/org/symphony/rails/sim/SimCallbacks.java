package org.symphony.rails.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
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
 * A rail's callbacks as the rails send them: once, when the transfer has its final status, without
 * retry. Whether one arrives or not, the receiver must not depend on it (polling is the safety net).
 * For Airtel and the RTGS the URL is the partner's registration at the rail (here: set at runtime
 * through the simulator's admin endpoint), with an optional extra delay so a test can let polling win.
 * Counts what was sent and how it was answered, so a test can see a callback arrive.
 */
public final class SimCallbacks {

  private static final Logger log = LoggerFactory.getLogger(SimCallbacks.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A callback is never held longer than this after the transfer is final. */
  public static final long MAX_EXTRA_DELAY_MS = 600_000;
  private static final long MAX_ADMIN_BODY_BYTES = 16 * 1024;

  /** Where and when callbacks go; an empty url means none are sent. */
  public record Target(String url, long extraDelayMs) {
    public static Target none() {
      return new Target("", 0);
    }

    public boolean enabled() {
      return !url.isEmpty();
    }

    /** {"url": "http://…", "extraDelayMs": 0}; url "" switches callbacks off. */
    static Target parse(String body) throws IOException {
      JsonNode json = JSON.readTree(body);
      if (json == null || !json.path("url").isTextual()) throw new IllegalArgumentException("url (a string) is required");
      String url = json.path("url").textValue();
      if (!url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://"))
        throw new IllegalArgumentException("url must be http(s) or empty");
      long delay = json.path("extraDelayMs").asLong(0);
      if (delay < 0 || delay > MAX_EXTRA_DELAY_MS)
        throw new IllegalArgumentException("extraDelayMs must be 0.." + MAX_EXTRA_DELAY_MS);
      return new Target(url, delay);
    }
  }

  private final ActorSystem<?> system;
  /** Sized like a rail's: at a thousand callbacks a second the stock pool (4 connections, 32 queued) drops them. */
  private final org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings pool;
  private final AtomicReference<Target> registered = new AtomicReference<>(Target.none());
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong answered2xx = new AtomicLong();
  private final AtomicLong answeredOther = new AtomicLong();
  private final AtomicLong undelivered = new AtomicLong();

  public SimCallbacks(ActorSystem<?> system) {
    this.system = system;
    var settings = system.settings().config().getConfig("symphony.rails.simulator.callbacks");
    this.pool = org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings.create(system.classicSystem())
        .withMaxConnections(settings.getInt("max-connections"))
        .withMaxOpenRequests(settings.getInt("max-open-requests"));
  }

  /**
   * {@code GET|POST /sim/admin/callback} of a simulator: the registered target and the counters; POST
   * {"url": …, "extraDelayMs": …} registers (400 INVALID_CALLBACK when it is not one). Never faulty.
   */
  public Route adminRoute() {
    return Directives.path(PathMatchers.segment("admin").slash("callback"), () -> Directives.concat(
        Directives.get(() -> Directives.complete(json(StatusCodes.OK, toJson()))),
        Directives.post(() -> Directives.withSizeLimit(MAX_ADMIN_BODY_BYTES, () ->
            Directives.entity(Unmarshaller.entityToString(), body -> Directives.complete(register(body)))))));
  }

  private HttpResponse register(String body) {
    try {
      Target t = Target.parse(body);
      registered.set(t);
      log.info("simulator callbacks go to {}", t);
      return json(StatusCodes.OK, toJson());
    } catch (IOException | IllegalArgumentException e) {
      return json(StatusCodes.BAD_REQUEST,
          JSON.createObjectNode().put("code", "INVALID_CALLBACK").put("message", String.valueOf(e.getMessage())));
    }
  }

  private static HttpResponse json(StatusCode status, ObjectNode body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body.toString());
  }

  ObjectNode toJson() {
    Target t = registered.get();
    ObjectNode json = JSON.createObjectNode().put("url", t.url()).put("extraDelayMs", t.extraDelayMs());
    json.put("sent", sent.get()).put("answered2xx", answered2xx.get()).put("answeredOther", answeredOther.get())
        .put("undelivered", undelivered.get());
    return json;
  }

  /** To the registered target, at finalAtMs (epoch ms) + its extra delay; the body is built when sent. */
  public void sendOnce(long finalAtMs, HttpMethod method, ContentType contentType, Supplier<byte[]> body, String reference) {
    sendOnce(registered.get(), finalAtMs, method, contentType, body, reference);
  }

  public void sendOnce(Target target, long finalAtMs, HttpMethod method, ContentType contentType, Supplier<byte[]> body, String reference) {
    if (!target.enabled()) return;
    long delayMs = Math.max(0, finalAtMs - System.currentTimeMillis()) + target.extraDelayMs();
    system.scheduler().scheduleOnce(Duration.ofMillis(delayMs), () -> {
      sent.incrementAndGet();
      Http.get(system)
          .singleRequest(HttpRequest.create(target.url()).withMethod(method).withEntity(contentType, body.get()),
              Http.get(system).defaultClientHttpsContext(), pool, system.classicSystem().log())
          .whenComplete((response, error) -> {
            if (error != null) {
              undelivered.incrementAndGet();
              log.info("callback to {} for {} not delivered (not retried): {}", target.url(), reference, error.toString());
              return;
            }
            (response.status().isSuccess() ? answered2xx : answeredOther).incrementAndGet();
            response.discardEntityBytes(system);
          });
    }, system.executionContext());
  }
}
