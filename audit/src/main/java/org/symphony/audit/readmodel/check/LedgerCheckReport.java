package org.symphony.audit.readmodel.check;

import java.time.Duration;
import java.util.List;

/**
 * The ledger rebuilt from the journal, compared with the read model (INV-LEDGER).
 *
 * @param differences all of them counted; the first {@code listed.size()} kept (bounded by the caller's limit)
 */
public record LedgerCheckReport(
    long eventsReplayed, int participantsCompared, int instructionsCompared, long differences, List<LedgerDifference> listed,
    Duration took) {

  public LedgerCheckReport {
    listed = List.copyOf(listed);
  }

  public boolean clean() {
    return differences == 0;
  }
}
