package org.symphony.node;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.symphony.audit.attest.AttestationOutcome;
import org.symphony.audit.attest.Attestor;
import org.symphony.audit.attest.IngressRecord;
import org.symphony.audit.attest.OutcomeRecorder;
import org.symphony.audit.attest.Refusal;
import org.symphony.audit.attest.RefusalWindows;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.edge.attest.Attestation;
import org.symphony.edge.attest.IngressEntry;
import org.symphony.edge.attest.IngressLedger;

/**
 * The edge's ledger port over the audit module: the node's attestor (group commit), its refusal counts and outcome
 * recorder.
 */
final class AuditLedger implements IngressLedger {

  private final Attestor attestor;
  private final RefusalWindows refusals;
  private final OutcomeRecorder outcomes;
  private final Clock clock;

  AuditLedger(Attestor attestor, RefusalWindows refusals, OutcomeRecorder outcomes, Clock clock) {
    this.attestor = attestor;
    this.refusals = refusals;
    this.outcomes = outcomes;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Attestation> attest(IngressEntry e) {
    IngressRecord record;
    try {
      record =
        new IngressRecord(
            e.receivedAt(),
            e.subject(),
            e.keyId(),
            e.requestId(),
            e.idempotencyKey(),
            e.method(),
            e.path(),
            e.bodySha256(),
            e.forwarded() ? AttestationRow.Outcome.FORWARDED : AttestationRow.Outcome.REJECTED,
            e.forwarded() ? null : e.problemCode(),
            e.forwarded() ? null : e.httpStatus());
    } catch (IllegalArgumentException | NullPointerException invalid) {
      // Never a 500: an entry the chain refuses is a request we cannot attest, so it is refused (fail closed).
      return java.util.concurrent.CompletableFuture.failedFuture(invalid);
    }
    return attestor.attest(record).thenApply(a -> new Attestation(a.attestationId().toString(), a.nodeSeq()));
  }

  @Override
  public boolean countRefusal(IngressEntry e, String source) {
    if (e.forwarded() || e.problemCode() == null || e.httpStatus() == null)
      throw new IllegalArgumentException("only refusals are counted: " + e.requestId());
    return refusals.count(
        new Refusal(e.receivedAt(), e.requestId(), source, e.method(), e.path(), e.problemCode(), e.httpStatus()));
  }

  @Override
  public void outcome(String attestationId, String instructionId, String outcome, int httpStatus) {
    outcomes.record(new AttestationOutcome(UUID.fromString(attestationId), instructionId, outcome, httpStatus, clock.instant()));
  }
}
