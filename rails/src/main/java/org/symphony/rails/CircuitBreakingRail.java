package org.symphony.rails;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.CircuitBreaker;
import org.apache.pekko.pattern.CircuitBreakerOpenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.engine.rail.Rail;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;

/**
 * A circuit breaker per rail: after maxFailures answers in a row that tell nothing (timeouts, 5xx,
 * malformed replies), calls are refused at once for resetTimeout, then one trial call decides. While it
 * is open an instruction gets Unknown("CIRCUIT_OPEN") without touching the rail, so it waits in RECOVERING
 * with backoff instead of hammering a rail that is down; its status queries wait too, so no attempt is
 * spent and nothing is guessed.
 */
public final class CircuitBreakingRail implements Rail {

  public static final String CIRCUIT_OPEN = "CIRCUIT_OPEN";
  private static final Logger log = LoggerFactory.getLogger(CircuitBreakingRail.class);

  private final Rail rail;
  private final CircuitBreaker breaker;

  public record Settings(int maxFailures, Duration callTimeout, Duration resetTimeout) {
    public static Settings fromConfig(Config root) {
      Config c = root.getConfig("symphony.rails.circuit-breaker");
      return new Settings(c.getInt("max-failures"), c.getDuration("call-timeout"), c.getDuration("reset-timeout"));
    }
  }

  public CircuitBreakingRail(ActorSystem<?> system, Rail rail, Settings settings) {
    this.rail = rail;
    this.breaker =
        CircuitBreaker.create(system.classicSystem().scheduler(), settings.maxFailures(), settings.callTimeout(), settings.resetTimeout())
            .addOnOpenListener(() -> log.warn("circuit of rail {} opened: it stopped answering usefully", rail.id()))
            .addOnHalfOpenListener(() -> log.info("circuit of rail {} half-open: one trial call", rail.id()))
            .addOnCloseListener(() -> log.info("circuit of rail {} closed: the rail answers again", rail.id()));
  }

  @Override
  public String id() {
    return rail.id();
  }

  @Override
  public CompletionStage<RailResult> dispatch(RailTransfer transfer) {
    return guarded(() -> rail.dispatch(transfer));
  }

  @Override
  public CompletionStage<RailResult> status(RailKey railKey) {
    return guarded(() -> rail.status(railKey));
  }

  @Override
  public java.time.Duration firstStatusQueryAfter() {
    return rail.firstStatusQueryAfter();
  }

  @Override
  public boolean acceptsCalls() {
    return !breaker.isOpen();
  }

  public boolean isOpen() {
    return breaker.isOpen();
  }

  public boolean isClosed() {
    return breaker.isClosed();
  }

  private CompletionStage<RailResult> guarded(java.util.concurrent.Callable<CompletionStage<RailResult>> call) {
    return breaker
        .callWithCircuitBreakerCS(call, CircuitBreakingRail::isFailure)
        .handle((result, error) -> {
          if (error == null) return result;
          Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
          if (cause instanceof CircuitBreakerOpenException)
            return new RailResult.Unknown(CIRCUIT_OPEN + ": rail " + rail.id() + " is failing; retry later");
          return new RailResult.Unknown(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        });
  }

  /** Only an answer that tells nothing counts against the rail; a refusal or "not found" is a healthy answer. */
  private static boolean isFailure(Optional<RailResult> result, Optional<Throwable> error) {
    return error.isPresent() || result.isEmpty() || result.get() instanceof RailResult.Unknown;
  }
}
