package org.symphony.node.metrics;

import java.util.concurrent.CompletionStage;
import kamon.Kamon;
import org.symphony.edge.attest.Attestation;
import org.symphony.edge.attest.IngressEntry;
import org.symphony.edge.attest.IngressLedger;

/**
 * Counts every answer the edge attests, by HTTP status and outcome (ACCEPTED, REPLAYED, REJECTED:code, or the
 * problem code), so that an operator sees shedding (503 ENGINE_UNAVAILABLE, OVERLOADED) as a rate instead of
 * one log line per refused request. Changes nothing else: each call goes to the audit layer's ledger as is.
 * The labels are bounded: problem codes and policy codes are closed sets, anything else is HTTP_nnn.
 */
public final class MeteredIngressLedger implements IngressLedger {

  private final IngressLedger ledger;

  public MeteredIngressLedger(IngressLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public CompletionStage<Attestation> attest(IngressEntry entry) {
    CompletionStage<Attestation> attested = ledger.attest(entry);
    // A forwarded request is counted when its outcome is recorded; a refused one when its refusal is committed.
    if (!entry.forwarded()) attested.thenRun(() -> counted(entry.httpStatus(), entry.problemCode()));
    return attested;
  }

  @Override
  public boolean countRefusal(IngressEntry entry, String source) {
    boolean counted = ledger.countRefusal(entry, source);
    if (counted) counted(entry.httpStatus(), entry.problemCode());
    return counted;
  }

  @Override
  public void outcome(String attestationId, String instructionId, String outcome, int httpStatus) {
    ledger.outcome(attestationId, instructionId, outcome, httpStatus);
    counted(httpStatus, outcome);
  }

  private static void counted(Integer httpStatus, String outcome) {
    Kamon.counter(Instruments.EDGE_ANSWERS)
        .withTag("status", httpStatus == null ? "none" : Integer.toString(httpStatus))
        .withTag("outcome", outcome == null ? "none" : outcome)
        .increment();
  }
}
