package org.symphony.audit.reconcile;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.symphony.audit.reconcile.ReconciliationStore.KnownNumber;

/**
 * INV-SEQ for the reconciliation worker, incrementally: per participant, the number up to which every number is
 * known (an instruction or a VOID). A cycle reads only the numbers after it, so its cost follows what is new (and
 * what an open hole holds up), not the history: the full {@link SupervisionSql#HOLES} query sorted every number
 * of every participant each cycle, 3.3 s at 240,000 instructions in the soak of 2026-12-04, and growing.
 *
 * <p>The same holes as that query: a number with neither an instruction nor a VOID, below a known number seen
 * before the cutoff, reported with the known numbers on either side. The frontier only moves over known numbers,
 * so a hole is reported again every cycle until a VOID or a late acceptance fills it. Per incarnation: a new
 * worker starts from zero and reads everything once. Not thread-safe: one cycle at a time.
 */
final class SequenceFrontier {

  private final int rowsPerParticipant;
  /** Every number of the participant up to this one is known; bounded by the participants (policy max-participants). */
  private final Map<String, Long> knownThrough = new HashMap<>();

  SequenceFrontier(int rowsPerParticipant) {
    if (rowsPerParticipant < 1) throw new IllegalArgumentException("rows per participant must be positive");
    this.rowsPerParticipant = rowsPerParticipant;
  }

  List<SequenceHole> holes(ReconciliationStore store, Instant agedBefore, int limit) throws SQLException {
    Map<String, Long> after = new HashMap<>();
    for (String p : store.sequencedParticipants()) after.put(p, knownThrough.getOrDefault(p, 0L));
    Map<String, List<KnownNumber>> known = store.knownNumbersAfter(after, rowsPerParticipant);
    List<SequenceHole> holes = new ArrayList<>();
    for (var e : new java.util.TreeMap<>(known).entrySet()) {
      String participant = e.getKey();
      long previous = after.get(participant);
      boolean contiguous = true;
      for (KnownNumber k : e.getValue()) {
        if (k.sequenceId() > previous + 1) {
          contiguous = false;
          if (k.seenAt().isBefore(agedBefore) && holes.size() < limit)
            holes.add(new SequenceHole(participant, previous + 1, k.sequenceId() - 1, previous, k.sequenceId()));
        }
        if (contiguous) knownThrough.put(participant, k.sequenceId());
        previous = k.sequenceId();
      }
    }
    return holes;
  }

  /** The frontier of a participant (0: nothing known yet), for tests. */
  long knownThrough(String participantId) {
    return knownThrough.getOrDefault(participantId, 0L);
  }
}
