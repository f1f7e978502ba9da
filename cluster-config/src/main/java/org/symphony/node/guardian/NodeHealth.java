package org.symphony.node.guardian;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What the node's readiness is made of, as its guardian's children last saw it: the edge bound, the database (and so
 * the journal) writable, the attestation writer healthy. Cluster membership is pekko-management's own check.
 * Written by one child each, read by the management readiness checks.
 */
public final class NodeHealth {

  private volatile boolean edgeBound;
  private volatile String databaseProblem = "not probed yet";
  private volatile BooleanSupplier attestorHealthy = () -> false;

  public void edgeBound(boolean bound) {
    this.edgeBound = bound;
  }

  public boolean edgeBound() {
    return edgeBound;
  }

  /** @param problem empty when the database took a write transaction at the last probe */
  public void database(Optional<String> problem) {
    this.databaseProblem = problem.orElse(null);
  }

  public boolean databaseWritable() {
    return databaseProblem == null;
  }

  public Optional<String> databaseProblem() {
    return Optional.ofNullable(databaseProblem);
  }

  public void attestor(BooleanSupplier healthy) {
    this.attestorHealthy = healthy;
  }

  public boolean attestorHealthy() {
    return attestorHealthy.getAsBoolean();
  }
}
