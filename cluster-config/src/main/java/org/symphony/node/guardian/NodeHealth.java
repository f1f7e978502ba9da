package org.symphony.node.guardian;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What the node's readiness is made of, as its guardian's children last saw it: the edge bound (and where), the
 * database (and so the journal) writable, the attestation writer healthy. Cluster membership is pekko-management's own
 * check. Written by one child each, read by the management readiness checks (and the edge's address by the node).
 */
public final class NodeHealth {

  private volatile boolean edgeBound;
  private volatile InetSocketAddress edgeAddress; // the latest binding's, kept while the edge rebinds
  private volatile String databaseProblem = "not probed yet";
  private volatile BooleanSupplier attestorHealthy = () -> false;

  public void edgeBound(boolean bound) {
    this.edgeBound = bound;
  }

  public boolean edgeBound() {
    return edgeBound;
  }

  /** Where the edge's latest binding listens (a rebind on port 0 gets a new port). */
  public void edgeAddress(InetSocketAddress address) {
    this.edgeAddress = address;
  }

  /** Empty until the edge was first bound. */
  public Optional<InetSocketAddress> edgeAddress() {
    return Optional.ofNullable(edgeAddress);
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
