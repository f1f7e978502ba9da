package org.symphony.edge.attest;

import java.util.concurrent.CompletionStage;

/**
 * The edge's port to the audit layer. attest completes only once the entry is durably committed, and
 * fails when it cannot be (the edge then answers 503 and forwards nothing: fail closed). outcome records,
 * asynchronously, what became of a forwarded request; a forwarded attestation without one is a gap.
 */
public interface IngressLedger {

  CompletionStage<Attestation> attest(IngressEntry entry);

  void outcome(String attestationId, String instructionId, String outcome, int httpStatus);
}
