package org.symphony.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * Readiness includes the database and the journal: the guardian's database keeper's last write probe (a node that
 * cannot write to PostgreSQL must not receive traffic). Answers at once from what the keeper saw, never blocking.
 */
public final class DatabaseReadinessCheck implements Supplier<CompletionStage<Boolean>> {

  private final ActorSystem system;

  public DatabaseReadinessCheck(ActorSystem system) {
    this.system = system;
  }

  @Override
  public CompletionStage<Boolean> get() {
    var health = NodeResources.health(system.name());
    return CompletableFuture.completedFuture(health != null && health.databaseWritable());
  }
}
