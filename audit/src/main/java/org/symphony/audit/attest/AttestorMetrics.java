package org.symphony.audit.attest;

/** Where an attestor reports each committed batch (the node exports it); called on the writer thread, keep it cheap. */
public interface AttestorMetrics {

  AttestorMetrics NONE = (rows, commitNanos) -> {};

  void batchCommitted(int rows, long commitNanos);
}
