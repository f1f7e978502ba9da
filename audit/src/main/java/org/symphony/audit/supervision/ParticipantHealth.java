package org.symphony.audit.supervision;

import java.util.List;
import org.symphony.audit.reconcile.SequenceHole;

/**
 * One row of the regulator dashboard. integrityScore: the share of received requests that are accounted for
 * (0..100, one decimal); anything unreconciled, a ghost or a missing sequence id lowers it.
 */
public record ParticipantHealth(
    String participantId,
    HealthStatus status,
    long received,
    long executed,
    long failed,
    long rejected,
    long openGhosts,
    long openInterventions,
    double integrityScore,
    List<SequenceHole> sequenceHoles) {

  static double integrityScore(long received, long unaccounted) {
    if (received <= 0) return unaccounted > 0 ? 0.0 : 100.0;
    double score = 100.0 * Math.max(0, received - unaccounted) / received;
    return Math.floor(score * 10) / 10; // never rounded up to a perfect score
  }
}
