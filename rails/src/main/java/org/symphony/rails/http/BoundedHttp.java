package org.symphony.rails.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.Materializer;

/**
 * A pekko-http client call that is bounded in time and size: the reply entity is always read (so the
 * connection pool never stalls on an unconsumed body), capped at {@link #MAX_BODY_BYTES}, and the whole
 * exchange fails with a TimeoutException when it takes longer than the given timeout. A call that gets no
 * connection in time fails with {@link NotSentException} instead: it never left the node.
 */
public final class BoundedHttp {

  /** Rail replies are small JSON documents; anything larger is a protocol error, not data. */
  public static final long MAX_BODY_BYTES = 256 * 1024;

  /** The pool's size per rail host, {@code symphony.rails.http-pool} (see reference.conf for why these sizes). */
  static final String POOL = "symphony.rails.http-pool";

  private final ActorSystem<?> system;
  private final Http http;
  private final ConnectionPoolSettings pool;
  private final Materializer materializer;
  private final ConnectionSlots slots;
  private final Duration maxWait;

  public BoundedHttp(ActorSystem<?> system) {
    this.system = system;
    this.http = Http.get(system);
    var sizes = system.settings().config().getConfig(POOL);
    this.pool =
        ConnectionPoolSettings.create(system.classicSystem())
            .withMaxConnections(sizes.getInt("max-connections"))
            .withMaxOpenRequests(sizes.getInt("max-open-requests")) // pekko-http checks it is a power of two
            .withMaxRetries(0); // retrying is the engine's decision (after a status query), not the pool's
    this.materializer = Materializer.matFromSystem(system);
    this.maxWait = sizes.getDuration("max-wait");
    // One slot per pooled connection: what waits, waits here, where "not sent" is certain (see ConnectionSlots).
    this.slots = new ConnectionSlots(sizes.getInt("max-connections"), sizes.getInt("max-open-requests"), system);
  }

  /**
   * The exchange, if a connection is free within the pool's max-wait (at most half the timeout); otherwise a
   * {@link NotSentException}. The timeout bounds the whole call, the wait included.
   */
  public CompletionStage<HttpReply> send(HttpRequest request, Duration timeout) {
    Duration wait = maxWait.compareTo(timeout.dividedBy(2)) < 0 ? maxWait : timeout.dividedBy(2);
    CompletionStage<HttpReply> exchange =
        slots.acquire(wait).thenCompose(slot -> {
          try {
            return onTheWire(request, timeout).whenComplete((reply, error) -> slot.release());
          } catch (RuntimeException e) {
            slot.release();
            throw e;
          }
        });
    return Deadline.within(exchange, timeout, system);
  }

  private CompletionStage<HttpReply> onTheWire(HttpRequest request, Duration timeout) {
    return http.singleRequest(request, http.defaultClientHttpsContext(), pool, system.classicSystem().log())
        .thenCompose(
            response ->
                response
                    .entity()
                    .toStrict(timeout.toMillis(), MAX_BODY_BYTES, materializer)
                    .thenApply(
                        strict ->
                            new HttpReply(
                                response.status().intValue(),
                                strict.getData().decodeString(StandardCharsets.UTF_8))));
  }
}
