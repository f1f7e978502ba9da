package org.symphony.node;

import org.apache.pekko.actor.ActorSystem;

/** Readiness includes the edge: true only once the HTTP edge is bound (management starts before it). */
public final class EdgeReadinessCheck extends NodeHealthCheck {

  public EdgeReadinessCheck(ActorSystem system) {
    super(system, health -> health.edgeBound());
  }
}
