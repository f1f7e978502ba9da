package org.symphony.edge.attest;

import java.util.concurrent.CompletionStage;

/**
 * The edge's port to the audit layer. attest completes only once the entry is durably committed, and
 * fails when it cannot be (the edge then answers 503 and forwards nothing: fail closed). outcome records,
 * asynchronously, what became of a forwarded request; a forwarded attestation without one is a gap.
 * countRefusal accounts for a request refused before it proved an identity: counted per source and chained with
 * the others of its window (bounded, so that unauthenticated traffic cannot fill the chain or its queue).
 */
public interface IngressLedger {

  CompletionStage<Attestation> attest(IngressEntry entry);

  /** Never blocks; false when the count cannot be taken (the node is stopping): refuse as unattestable. */
  boolean countRefusal(IngressEntry entry, String source);

  void outcome(String attestationId, String instructionId, String outcome, int httpStatus);
}
