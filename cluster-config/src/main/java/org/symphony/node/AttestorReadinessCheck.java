package org.symphony.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/** Readiness includes the attestation writer: false while its batches fail (the edge answers 503 meanwhile). */
public final class AttestorReadinessCheck implements Supplier<CompletionStage<Boolean>> {

  private final ActorSystem system;

  public AttestorReadinessCheck(ActorSystem system) {
    this.system = system;
  }

  @Override
  public CompletionStage<Boolean> get() {
    var health = NodeResources.health(system.name());
    return CompletableFuture.completedFuture(health != null && health.attestorHealthy());
  }
}
