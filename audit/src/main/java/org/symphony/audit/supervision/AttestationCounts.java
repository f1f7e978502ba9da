package org.symphony.audit.supervision;

/**
 * One subject's attestations: all, forwarded, rejected at the edge, forwarded with an outcome; those without an
 * outcome accounted by their own instruction, by a retry, or abandoned by two operators; and those past the grace
 * not yet accounted for nor found to be ghosts (unreconciled).
 */
record AttestationCounts(
    long ingress, long forwarded, long rejected, long withOutcome, long byInstruction, long byRetry, long abandoned,
    long unreconciled) {

  static final AttestationCounts NONE = new AttestationCounts(0, 0, 0, 0, 0, 0, 0, 0);

  AttestationCounts plus(AttestationCounts o) {
    return new AttestationCounts(ingress + o.ingress, forwarded + o.forwarded, rejected + o.rejected, withOutcome + o.withOutcome,
        byInstruction + o.byInstruction, byRetry + o.byRetry, abandoned + o.abandoned, unreconciled + o.unreconciled);
  }
}
