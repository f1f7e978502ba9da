package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;

/**
 * The database's disk fills up. The tables every submission writes go to tablespaces on small tmpfs file systems of
 * their own — the journal (event_journal, event_tag) on one, the ingress attestation partitions on another; WAL stays
 * on the normal disk (a full pg_wal would PANIC the server) — and ballast tables fill them until PostgreSQL refuses
 * with SQLSTATE 53100: first the journal's alone (requests are still attested, the engine cannot persist), then the
 * attestations' too (the first write of every request fails). Under load the node refuses cleanly (503 +
 * Retry-After, never a 500), keeps running, and loses nothing it accepted; once the ballast is dropped it accepts
 * again without operator action, and every instruction accepted before, while full and after reaches a final state
 * (INV-TERMINAL), and every attestation has an outcome (INV-GAP). Writes failure_injection_results/disk_full.
 */
class DatabaseDiskFullNodeTest {

  private static final long JOURNAL_DISK_BYTES = 16L * 1024 * 1024;
  private static final long ATTESTATION_DISK_BYTES = 8L * 1024 * 1024;
  private static final String JOURNAL_SPACE = "symphony_journal_disk";
  private static final String ATTESTATION_SPACE = "symphony_attestation_disk";
  private static final String DISK_FULL = "53100";
  private static final Duration PHASE = Duration.ofSeconds(120);
  private static final Duration RECOVERY = Duration.ofSeconds(120);
  private static final int BEFORE = 30;
  private static final int WAVE = 20;
  private static final int REFUSALS_PER_PHASE = 20;
  /** Ballast inserts are 1,000 rows of 1,000 bytes (no TOAST, no compression): about 1 MB of pages each. */
  private static final int MAX_BALLAST_CHUNKS = 1_000;
  private static final int MAX_BALLAST_ROWS = 10_000;

  private static SmallDisk journalDisk;
  private static SmallDisk attestationDisk;

  @TempDir Path home;

  @BeforeAll
  static void mountSmallDisks() throws Exception {
    journalDisk = SmallDisk.mount(JOURNAL_DISK_BYTES);
    attestationDisk = SmallDisk.mount(ATTESTATION_DISK_BYTES);
  }

  @AfterAll
  static void unmountSmallDisks() throws Exception {
    try {
      if (journalDisk != null) journalDisk.close();
    } finally {
      if (attestationDisk != null) attestationDisk.close();
    }
  }

  /** What filling a tablespace left: the ballast's size, and the refusal PostgreSQL gave when no page was left. */
  private record Ballast(long bytes, String sqlState, String message) {}

  @Test
  void aFullDiskIsRefusedCleanlyAndTheNodeRecoversWhenSpaceReturns() throws Exception {
    try (EvidenceResult r = EvidenceResult.start(EvidenceSection.FAILURE_INJECTION, "disk_full", getClass());
         CapturedLogs logs = CapturedLogs.start("org.symphony.edge.instructions"); // why the engine refused
         SymphonyNode node = SymphonyNode.start(TestNodes.options(home));
         Connection su = TestNodes.superuser(home)) {
      OutageLoad load = new OutageLoad(node);
      assertEquals(200, load.ready(), "ready before the disk fills");
      List<String> moved = new ArrayList<>(moveToSmallDisk(su, journalDisk, JOURNAL_SPACE, List.of("event_journal", "event_tag")));
      moved.addAll(moveToSmallDisk(su, attestationDisk, ATTESTATION_SPACE, attestationPartitions(su)));

      List<String> accepted = new ArrayList<>(OutageLoad.acceptedIds(load.collect(load.fire("before", BEFORE))));
      int acceptedBefore = accepted.size();
      assertEquals(BEFORE, acceptedBefore, "all accepted before the disk fills: " + load.summary());

      try {
        // The instructions just accepted are still being dispatched while the disk fills.
        int mark = logs.mark();
        Ballast journalBallast = fill(su, "journal_ballast", JOURNAL_SPACE);
        List<OutageLoad.Answer> journalFull = whileFull(load, "journal-full");
        Ballast attestationBallast = fill(su, "attestation_ballast", ATTESTATION_SPACE);
        List<OutageLoad.Answer> allFull = whileFull(load, "all-full");
        long freeWhenFull = journalDisk.freeBytes() + attestationDisk.freeBytes();
        int refused = load.refused503();
        int otherWhileFull = load.otherStatuses();
        accepted.addAll(OutageLoad.acceptedIds(journalFull));
        accepted.addAll(OutageLoad.acceptedIds(allFull));
        int acceptedWhileFull = accepted.size() - acceptedBefore;
        Map<String, Integer> sawDiskFull = diskFullSeenByNode(logs.since(mark));

        // Space returns: the node takes submissions again by itself.
        try (Statement s = su.createStatement()) {
          s.execute("DROP TABLE journal_ballast, attestation_ballast");
        }
        // Recovered: a whole wave accepted (the first 202 alone can come while parts of the engine still back off).
        long freedAt = System.nanoTime();
        List<OutageLoad.Answer> afterDrop = new ArrayList<>();
        double firstAcceptSeconds = -1;
        boolean recovered = false;
        for (int wave = 0; !recovered && System.nanoTime() - freedAt < RECOVERY.toNanos(); wave++) {
          List<OutageLoad.Answer> answers = load.collect(load.fire("recovery-" + wave, WAVE));
          afterDrop.addAll(answers);
          if (firstAcceptSeconds < 0 && answers.stream().anyMatch(OutageLoad.Answer::accepted))
            firstAcceptSeconds = (System.nanoTime() - freedAt) / 1e9;
          recovered = answers.stream().allMatch(OutageLoad.Answer::accepted);
        }
        double recoverySeconds = (System.nanoTime() - freedAt) / 1e9;
        List<String> after = OutageLoad.acceptedIds(afterDrop);
        accepted.addAll(after);

        OutageLoad.Settlement settled = load.settle(accepted, RECOVERY);
        long gap = AttestationGap.afterGrace(node, RECOVERY);
        boolean nodeRunning = node.stopReason().isEmpty() && load.ready() == 200;
        int refusedJournalFull = refused(journalFull);
        int refusedAllFull = refused(allFull);
        r.measured("ballast_bytes", journalBallast.bytes() + attestationBallast.bytes())
            .measured("journal_ballast_bytes", journalBallast.bytes())
            .measured("attestation_ballast_bytes", attestationBallast.bytes())
            .measured("disk_bytes", JOURNAL_DISK_BYTES + ATTESTATION_DISK_BYTES)
            .measured("disk_free_bytes_when_full", freeWhenFull)
            .measured("tables_on_small_disks", EdgeClient.JSON.valueToTree(moved))
            .measured("postgres_error_sqlstate", attestationBallast.sqlState())
            .measured("postgres_error", attestationBallast.message())
            .measured("node_loggers_saw_disk_full", EdgeClient.JSON.valueToTree(sawDiskFull))
            .measured("accepted_before", acceptedBefore)
            .measured("accepted_while_full", acceptedWhileFull)
            .measured("refused_503", refused)
            .measured("refused_503_journal_full", refusedJournalFull)
            .measured("refused_503_all_full", refusedAllFull)
            .measured("refusal_codes_journal_full", EdgeClient.JSON.valueToTree(OutageLoad.refusalCodes(journalFull)))
            .measured("refusal_codes_all_full", EdgeClient.JSON.valueToTree(OutageLoad.refusalCodes(allFull)))
            .measured("other_statuses", otherWhileFull)
            .measured("first_accept_seconds", firstAcceptSeconds)
            .measured("recovery_seconds", recoverySeconds)
            .measured("accepted_after", after.size())
            .measured("refused_503_after_space_returned", refused(afterDrop))
            .measured("refusal_codes_after_space_returned", EdgeClient.JSON.valueToTree(OutageLoad.refusalCodes(afterDrop)))
            .measured("other_statuses_total", load.otherStatuses())
            .measured("statuses", EdgeClient.JSON.valueToTree(load.statuses()))
            .measured("lost", settled.lost().size())
            .measured("not_terminal", settled.open().size())
            .measured("all_terminal", settled.allTerminal())
            .measured("attestation_gap", gap)
            .measured("instruction_states", EdgeClient.JSON.valueToTree(settled.byStatus()))
            .check("disk_full_53100", DISK_FULL.equals(journalBallast.sqlState()) && DISK_FULL.equals(attestationBallast.sqlState()))
            .check("refused_503", refusedJournalFull > 0 && refusedAllFull > 0)
            .check("never_500", load.otherStatuses() == 0)
            .check("node_kept_running", nodeRunning)
            .check("accepts_again_without_operator", recovered)
            .check("nothing_accepted_lost", settled.lost().isEmpty())
            .check("INV-TERMINAL", settled.allTerminal())
            .check("INV-GAP", gap == 0);

        assertEquals(DISK_FULL, journalBallast.sqlState(), "the journal's tablespace filled up: " + journalBallast);
        assertEquals(DISK_FULL, attestationBallast.sqlState(), "the attestations' tablespace filled up: " + attestationBallast);
        assertFalse(sawDiskFull.isEmpty(), "the node's writes hit the full disk (SQLSTATE 53100)");
        assertTrue(refusedJournalFull >= REFUSALS_PER_PHASE, "refused with 503 while the journal was full: " + load.summary());
        assertTrue(refusedAllFull >= REFUSALS_PER_PHASE, "refused with 503 while both were full: " + load.summary());
        assertEquals(0, load.otherStatuses(), "only 202 or 503 with Retry-After, never a 500: " + load.summary());
        assertTrue(recovered, "the node accepts a whole wave again once space returns: " + load.summary());
        assertTrue(settled.lost().isEmpty(), "no accepted instruction is unknown to the node: " + settled);
        assertTrue(settled.allTerminal(), "every accepted instruction is final (INV-TERMINAL): " + settled);
        assertEquals(0, gap, "every attestation has an outcome after the grace period (INV-GAP)");
        assertTrue(nodeRunning, "the node kept running: " + node.stopReason());
        r.pass();
      } finally {
        try (Statement s = su.createStatement()) {
          s.execute("DROP TABLE IF EXISTS journal_ballast, attestation_ballast"); // space back before the node closes
        }
      }
    }
  }

  /** Waves of concurrent submissions until this phase saw enough refusals, or its deadline; every answer in order. */
  private static List<OutageLoad.Answer> whileFull(OutageLoad load, String phase) throws InterruptedException {
    List<OutageLoad.Answer> answers = new ArrayList<>();
    long end = System.nanoTime() + PHASE.toNanos();
    for (int wave = 0; refused(answers) < REFUSALS_PER_PHASE && System.nanoTime() < end; wave++)
      answers.addAll(load.collect(load.fire(phase + "-" + wave, WAVE)));
    return answers;
  }

  private static int refused(List<OutageLoad.Answer> answers) {
    return (int) answers.stream().filter(a -> a.status() == 503).count();
  }

  private static List<String> attestationPartitions(Connection su) throws SQLException {
    List<String> partitions = new ArrayList<>();
    try (Statement s = su.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'ingress_attestation'::regclass")) {
      while (rs.next()) partitions.add(rs.getString(1));
    }
    return partitions;
  }

  /** A tablespace on the small disk with the given tables moved onto it (their indexes stay); returns the tables. */
  private static List<String> moveToSmallDisk(Connection su, SmallDisk disk, String space, List<String> tables)
      throws Exception {
    Path location = Files.createDirectory(disk.path().resolve(space));
    try (Statement s = su.createStatement()) {
      s.execute("SET lock_timeout = '30s'");
      s.execute("CREATE TABLESPACE " + space + " LOCATION '" + location + "'");
      for (String table : tables) s.execute("ALTER TABLE " + table + " SET TABLESPACE " + space);
    }
    return tables;
  }

  /** Fills a tablespace: big inserts until the file system refuses, then single rows for the last pages. */
  private static Ballast fill(Connection su, String table, String space) throws SQLException {
    try (Statement s = su.createStatement()) {
      s.execute("CREATE TABLE " + table + " (pad text) TABLESPACE " + space);
      SQLException full = null;
      for (int i = 0; i < MAX_BALLAST_CHUNKS && full == null; i++)
        full = diskFull(s, "INSERT INTO " + table + " SELECT repeat('x', 1000) FROM generate_series(1, 1000)");
      for (int i = 0; i < MAX_BALLAST_ROWS && full != null; i++) {
        SQLException last = diskFull(s, "INSERT INTO " + table + " VALUES (repeat('x', 1000))");
        if (last != null) {
          full = last;
          break;
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('" + table + "')")) {
        rs.next();
        return new Ballast(rs.getLong(1), full == null ? "none" : full.getSQLState(),
            full == null ? "the disk never filled" : full.getMessage().lines().findFirst().orElse(""));
      }
    }
  }

  /** Runs the statement; null when it succeeded, the error when the disk was full; any other error is thrown. */
  private static SQLException diskFull(Statement s, String sql) throws SQLException {
    try {
      s.executeUpdate(sql);
      return null;
    } catch (SQLException e) {
      if (DISK_FULL.equals(e.getSQLState())) return e;
      throw e;
    }
  }

  /** The node's loggers that logged an error carrying SQLSTATE 53100 (or the file system's own words), with counts. */
  private static Map<String, Integer> diskFullSeenByNode(List<ILoggingEvent> events) {
    Map<String, Integer> loggers = new TreeMap<>();
    for (ILoggingEvent e : events) {
      boolean full = String.valueOf(e.getFormattedMessage()).contains("No space left on device");
      if (e.getThrowableProxy() instanceof ThrowableProxy proxy)
        for (Throwable t = proxy.getThrowable(); t != null && !full; t = t.getCause())
          full = t instanceof SQLException sql && DISK_FULL.equals(sql.getSQLState());
      if (full) loggers.merge(e.getLoggerName(), 1, Integer::sum);
    }
    return loggers;
  }
}
