package org.symphony.edge.admin;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.symphony.audit.gap.AttestationGap;
import org.symphony.audit.verify.VerificationReport;

/** What operators may ask the audit layer over HTTP; the node runs these off the request threads. */
public interface AuditQueries {

  /** Recomputes every node's chain and checks the signed checkpoints; may take minutes on large chains. */
  CompletionStage<VerificationReport> verifyChain();

  /** Forwarded attestations with no outcome after the grace period, and their total count. */
  CompletionStage<Gaps> gaps(int limit);

  /** Duplicate requests recorded by the engine (journal tags of DuplicateReceived). */
  CompletionStage<DuplicateTotals> duplicates();

  record Gaps(long count, List<AttestationGap> listed) {}

  /**
   * duplicateRequests: every request that reused an Idempotency-Key; duplicatesBlocked: those kept from
   * executing again (all of them, by construction: replayed or refused); terminalReentryAttempts: those
   * that arrived after the instruction had ended; keyReused: those with another body (422).
   */
  record DuplicateTotals(long duplicateRequests, long duplicatesBlocked, long terminalReentryAttempts, long keyReused) {}
}
