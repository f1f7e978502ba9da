package org.symphony.node;

import org.apache.pekko.actor.ActorSystem;

/**
 * Readiness includes the database and the journal: the database keeper's last write probe (a node that cannot write
 * to PostgreSQL must not receive traffic).
 */
public final class DatabaseReadinessCheck extends NodeHealthCheck {

  public DatabaseReadinessCheck(ActorSystem system) {
    super(system, health -> health.databaseWritable());
  }
}
