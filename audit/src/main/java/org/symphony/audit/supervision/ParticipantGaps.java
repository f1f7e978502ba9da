package org.symphony.audit.supervision;

import java.util.List;
import org.symphony.audit.reconcile.SequenceHole;
import org.symphony.audit.reconcile.Zombie;

/**
 * One participant's attestation gap and repair backlog. unreconciled: forwarded attestations past the grace with no
 * outcome, no accounting record and no GHOST finding yet; openGhosts: GHOST incidents still open.
 */
public record ParticipantGaps(
    String participantId,
    long ingress,
    long forwarded,
    long rejected,
    long withOutcome,
    long accountedByInstruction,
    long accountedByRetry,
    long abandoned,
    long unreconciled,
    long openGhosts,
    List<SequenceHole> sequenceHoles,
    List<Zombie> zombies,
    long openIncidents,
    long openInterventions) {

  public long accounted() {
    return accountedByInstruction + accountedByRetry + abandoned;
  }

  public long missingSequenceIds() {
    return sequenceHoles.stream().mapToLong(h -> h.last() - h.first() + 1).sum();
  }

  public HealthStatus status() {
    if (unreconciled > 0 || openGhosts > 0 || !sequenceHoles.isEmpty()) return HealthStatus.CRITICAL_GAP_DETECTED;
    if (!zombies.isEmpty() || openIncidents > 0) return HealthStatus.ACTION_REQUIRED;
    return HealthStatus.HEALTHY;
  }
}
