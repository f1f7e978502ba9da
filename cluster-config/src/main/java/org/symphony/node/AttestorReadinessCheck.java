package org.symphony.node;

import org.apache.pekko.actor.ActorSystem;

/** Readiness includes the attestation writer: false while its batches fail (the edge answers 503 meanwhile). */
public final class AttestorReadinessCheck extends NodeHealthCheck {

  public AttestorReadinessCheck(ActorSystem system) {
    super(system, health -> health.attestorHealthy());
  }
}
