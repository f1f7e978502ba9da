package org.symphony.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/** Readiness includes the edge: true only once the HTTP edge is bound (management starts before it). */
public final class EdgeReadinessCheck implements Supplier<CompletionStage<Boolean>> {

  private final ActorSystem system;

  public EdgeReadinessCheck(ActorSystem system) {
    this.system = system;
  }

  @Override
  public CompletionStage<Boolean> get() {
    var health = NodeResources.health(system.name());
    return CompletableFuture.completedFuture(health != null && health.edgeBound());
  }
}
