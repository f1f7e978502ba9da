package org.symphony.node;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.dispatch.MessageDispatcher;

/** Readiness includes the database: a node that cannot reach PostgreSQL must not receive traffic. */
public final class DatabaseReadinessCheck implements Supplier<CompletionStage<Boolean>> {

  private final ActorSystem system;

  public DatabaseReadinessCheck(ActorSystem system) {
    this.system = system;
  }

  @Override
  public CompletionStage<Boolean> get() {
    var db = NodeResources.database(system.name());
    if (db == null) return CompletableFuture.completedFuture(false);
    MessageDispatcher blocking = system.dispatchers().lookup("symphony.blocking-dispatcher");
    return CompletableFuture.supplyAsync(
        () -> {
          try (Connection c = db.dataSource().getConnection();
              Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            return s.execute("select 1 from event_journal limit 1") || true;
          } catch (Exception e) {
            return false;
          }
        },
        blocking);
  }
}
