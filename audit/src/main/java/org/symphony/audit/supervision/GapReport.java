package org.symphony.audit.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The gap analysis: per participant, and the totals (including what belongs to no participant, such as
 * unauthenticated requests and node-level incidents). clean = nothing is open anywhere.
 */
public record GapReport(
    Instant generatedAt, GapWindow window, Duration grace, List<ParticipantGaps> participants, Totals totals) {

  public boolean clean() {
    return totals.unreconciled() == 0 && totals.openGhosts() == 0 && totals.sequenceHoles() == 0 && totals.zombies() == 0
        && totals.openIncidents() == 0;
  }

  public record Totals(
      long ingress, long forwarded, long rejected, long withOutcome, long accountedByInstruction, long accountedByRetry,
      long abandoned, long unreconciled, long openGhosts, long sequenceHoles, long zombies, long openIncidents) {

    public long accounted() {
      return accountedByInstruction + accountedByRetry + abandoned;
    }
  }
}
