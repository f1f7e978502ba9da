package org.symphony.node.metrics;

import java.util.concurrent.CompletionStage;
import kamon.Kamon;
import org.symphony.engine.rail.Rail;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;

/** Counts and times every call to a rail adapter, per rail, operation and outcome; changes nothing else. */
public final class MeteredRail implements Rail {

  private final Rail rail;

  public MeteredRail(Rail rail) {
    this.rail = rail;
  }

  @Override
  public String id() {
    return rail.id();
  }

  @Override
  public CompletionStage<RailResult> dispatch(RailTransfer transfer) {
    long startNanos = System.nanoTime();
    return timed("dispatch", rail.dispatch(transfer), startNanos);
  }

  @Override
  public CompletionStage<RailResult> status(RailKey railKey) {
    long startNanos = System.nanoTime();
    return timed("status", rail.status(railKey), startNanos);
  }

  @Override
  public java.time.Duration firstStatusQueryAfter() {
    return rail.firstStatusQueryAfter();
  }

  @Override
  public boolean acceptsCalls() {
    return rail.acceptsCalls();
  }

  private CompletionStage<RailResult> timed(String operation, CompletionStage<RailResult> call, long startNanos) {
    call.whenComplete((result, error) -> {
      String outcome = error != null ? "unknown" : outcomeOf(result);
      Kamon.counter(Instruments.RAIL_CALLS)
          .withTag("rail", rail.id()).withTag("operation", operation).withTag("outcome", outcome).increment();
      Kamon.timer(Instruments.RAIL_CALL_LATENCY)
          .withTag("rail", rail.id()).withTag("operation", operation).withTag("outcome", outcome)
          .record(System.nanoTime() - startNanos);
    });
    return call;
  }

  static String outcomeOf(RailResult result) {
    if (result instanceof RailResult.Completed) return "completed";
    if (result instanceof RailResult.Declined) return "declined";
    if (result instanceof RailResult.InProgress) return "in_progress";
    if (result instanceof RailResult.NotFound) return "not_found";
    if (result instanceof RailResult.NotAsked) return "not_asked"; // never left the node: not the rail's doing
    return "unknown";
  }
}
