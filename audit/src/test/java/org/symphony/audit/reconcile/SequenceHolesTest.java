package org.symphony.audit.reconcile;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.symphony.audit.attest.AuditTestDatabase;
import org.symphony.persistence.SymphonyDatabase;

/**
 * INV-SEQ as the worker and the gap analysis see it (SupervisionSql.HOLES on PostgreSQL 18): a sequence id with
 * neither an instruction nor a VOID, below an id accepted before the cutoff, is a hole, reported with the ids on
 * either side; a VOID fills its id; a hole below a just-accepted id is not yet one (its acceptance may be on its way).
 */
@Timeout(120)
class SequenceHolesTest {

  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
  private static SymphonyDatabase db;

  @BeforeAll
  static void startDatabase() {
    db = AuditTestDatabase.start();
  }

  @AfterAll
  static void stopDatabase() {
    if (db != null) db.close();
  }

  @Test
  void holesAreTheIdsWithNeitherInstructionNorVoid() throws Exception {
    String p = "holes-" + UUID.randomUUID().toString().substring(0, 8);
    Instant old = NOW.minusSeconds(60);
    for (long seq : new long[] {2, 3, 5, 8}) instruction(p, seq, old);
    instruction(p, 10, NOW.minusMillis(500)); // accepted just now: 9 may still be on its way
    voided(p, 6);

    List<SequenceHole> holes = new ReconciliationStore(db.ownerDataSource()).holes(NOW.minusSeconds(5), 100).stream()
        .filter(h -> h.participantId().equals(p)).toList();

    assertEquals(List.of(
        new SequenceHole(p, 1, 1, 0, 2),
        new SequenceHole(p, 4, 4, 3, 5),
        new SequenceHole(p, 7, 7, 6, 8)), holes);
  }

  /** The worker's incremental scan finds what the full query finds, cycle after cycle, and its frontier only passes known numbers. */
  @Test
  void theFrontierFindsTheSameHolesAsTheFullQueryCycleAfterCycle() throws Exception {
    String p = "frontier-" + UUID.randomUUID().toString().substring(0, 8);
    String q = "frontier-" + UUID.randomUUID().toString().substring(0, 8) + "-voids-only";
    Instant old = NOW.minusSeconds(60);
    var store = new ReconciliationStore(db.ownerDataSource());
    var frontier = new SequenceFrontier(3); // small pages: the scan is bounded per participant per cycle
    Instant agedBefore = NOW.minusSeconds(5);

    for (long seq : new long[] {1, 2, 3, 5, 8}) instruction(p, seq, old);
    instruction(p, 10, NOW.minusMillis(500)); // 9 may still be on its way
    voided(q, 2); // a participant whose only known number is a VOID: 1 is a hole

    assertEquals(fullQuery(store, agedBefore, p, q), frontierHoles(frontier, store, agedBefore, p, q));
    assertEquals(3, frontier.knownThrough(p), "1..3 known, 4 missing: the frontier stops at 3");
    assertEquals(0, frontier.knownThrough(q));

    // 4 is voided, 6 accepted late: the frontier moves on to 6; 7 is still a hole, and reported again.
    voided(p, 4);
    instruction(p, 6, old);
    voided(q, 1);
    List<SequenceHole> second = frontierHoles(frontier, store, agedBefore, p, q);
    assertEquals(fullQuery(store, agedBefore, p, q), second);
    assertEquals(List.of(new SequenceHole(p, 7, 7, 6, 8)), second);
    assertEquals(6, frontier.knownThrough(p));
    assertEquals(2, frontier.knownThrough(q));

    // Everything filled and aged: no holes, and the frontier is at the top.
    voided(p, 7);
    instruction(p, 9, old);
    assertEquals(List.of(), frontierHoles(frontier, store, agedBefore, p, q));
    assertEquals(fullQuery(store, agedBefore, p, q), frontierHoles(frontier, store, agedBefore, p, q));
    assertEquals(10, frontier.knownThrough(p));
  }

  private static List<SequenceHole> fullQuery(ReconciliationStore store, Instant agedBefore, String... participants) throws Exception {
    var of = List.of(participants);
    return store.holes(agedBefore, 1000).stream().filter(h -> of.contains(h.participantId())).toList();
  }

  /** Several cycles until the frontier stops moving (pages of 3), the holes of the last one. */
  private static List<SequenceHole> frontierHoles(SequenceFrontier frontier, ReconciliationStore store, Instant agedBefore,
      String... participants) throws Exception {
    var of = List.of(participants);
    List<SequenceHole> holes = List.of();
    for (int cycle = 0; cycle < 10; cycle++)
      holes = frontier.holes(store, agedBefore, 1000).stream().filter(h -> of.contains(h.participantId())).toList();
    return holes;
  }

  private static void instruction(String participant, long seq, Instant acceptedAt) throws Exception {
    String id = UUID.randomUUID().toString();
    try (var c = db.ownerDataSource().getConnection(); var ps = c.prepareStatement(
        "INSERT INTO instruction_status (instruction_id, participant_id, sequence_id, rail_key, amount_minor, currency, status,"
            + " accepted_at, updated_at) VALUES (?, ?, ?, ?, 100, 'ZMW', 'SUCCEEDED', ?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, participant);
      ps.setLong(3, seq);
      ps.setString(4, "key-" + id);
      ps.setTimestamp(5, Timestamp.from(acceptedAt));
      ps.setTimestamp(6, Timestamp.from(acceptedAt));
      ps.executeUpdate();
    }
  }

  private static void voided(String participant, long seq) throws Exception {
    new ReconciliationStore(db.ownerDataSource()).recordVoid(
        new VoidedSequence(participant, seq, "never-" + seq, "NEVER_ACCEPTED", "test", NOW.minusSeconds(30)), "test");
  }
}
