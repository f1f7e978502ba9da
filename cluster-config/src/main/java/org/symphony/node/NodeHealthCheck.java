package org.symphony.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.symphony.node.guardian.NodeHealth;

/**
 * A management health check answered from what the guardian's children last saw ({@link NodeHealth}): at once,
 * never blocking. Pekko instantiates the subclasses by name with the actor system.
 */
abstract class NodeHealthCheck implements Supplier<CompletionStage<Boolean>> {

  private final ActorSystem system;
  private final Predicate<NodeHealth> ok;

  NodeHealthCheck(ActorSystem system, Predicate<NodeHealth> ok) {
    this.system = system;
    this.ok = ok;
  }

  @Override
  public CompletionStage<Boolean> get() {
    NodeHealth health = NodeResources.health(system.name());
    return CompletableFuture.completedFuture(health != null && ok.test(health));
  }
}
