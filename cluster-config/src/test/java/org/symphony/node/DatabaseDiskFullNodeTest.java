package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;

/**
 * The database's disk fills up. The hot write tables — the journal (event_journal, event_tag) and the ingress
 * attestation partitions — are moved to a tablespace on a small tmpfs of their own (WAL stays on the normal disk:
 * a full pg_wal would PANIC the server), and a ballast table fills that file system until PostgreSQL refuses with
 * SQLSTATE 53100. Under load the node refuses cleanly (503 + Retry-After, never a 500), does not stop, and loses
 * nothing it accepted; once the ballast is dropped it accepts again without operator action, and every instruction
 * accepted before, while full and after reaches a final state (INV-TERMINAL). Writes
 * failure_injection_results/disk_full.
 */
class DatabaseDiskFullNodeTest {

  private static final long DISK_BYTES = 16L * 1024 * 1024;
  private static final String TABLESPACE = "symphony_small_disk";
  private static final String DISK_FULL = "53100";
  private static final Duration WHILE_FULL = Duration.ofSeconds(120);
  private static final Duration RECOVERY = Duration.ofSeconds(120);
  private static final int BEFORE = 30;
  private static final int WAVE = 20;
  private static final int REFUSALS_WANTED = 40;
  private static final int AFTER = 20;
  /** Ballast inserts are 1,000 rows of 1,000 bytes (no TOAST, no compression): about 1 MB of pages each. */
  private static final int MAX_BALLAST_CHUNKS = 1_000;
  private static final int MAX_BALLAST_ROWS = 10_000;

  private static SmallDisk disk;

  @TempDir Path home;

  @BeforeAll
  static void mountSmallDisk() throws Exception {
    disk = SmallDisk.mount(DISK_BYTES);
  }

  @AfterAll
  static void unmountSmallDisk() throws Exception {
    if (disk != null) disk.close();
  }

  /** What filling the tablespace left: the ballast's size, and the refusal PostgreSQL gave when no page was left. */
  private record Ballast(long bytes, String sqlState, String message) {}

  @Test
  void aFullDiskIsRefusedCleanlyAndTheNodeRecoversWhenSpaceReturns() throws Exception {
    try (EvidenceResult r = EvidenceResult.start(EvidenceSection.FAILURE_INJECTION, "disk_full", getClass());
         CapturedLogs logs = CapturedLogs.start();
         SymphonyNode node = SymphonyNode.start(TestNodes.options(home));
         Connection su = TestNodes.superuser(home)) {
      OutageLoad load = new OutageLoad(node);
      assertEquals(200, load.ready(), "ready before the disk fills");
      List<String> moved = moveHotTablesToSmallDisk(su);

      List<String> accepted = new ArrayList<>(OutageLoad.acceptedIds(load.collect(load.fire("before", BEFORE))));
      int acceptedBefore = accepted.size();
      assertEquals(BEFORE, acceptedBefore, "all accepted before the disk fills: " + load.summary());

      try {
        // The instructions just accepted are still being dispatched while the disk fills.
        int mark = logs.mark();
        Ballast ballast = fill(su);
        long freeWhenFull = disk.freeBytes();

        // Waves of concurrent submissions until enough refusals were seen.
        long fullSince = System.nanoTime();
        int wave = 0;
        while (load.refused503() < REFUSALS_WANTED && System.nanoTime() - fullSince < WHILE_FULL.toNanos())
          accepted.addAll(OutageLoad.acceptedIds(load.collect(load.fire("full-" + wave++, WAVE))));
        int refusedWhileFull = load.refused503();
        int otherWhileFull = load.otherStatuses();
        int acceptedWhileFull = accepted.size() - acceptedBefore;
        Optional<String> nodeSawDiskFull = diskFullSeenByNode(logs.since(mark));

        // Space returns: the node takes submissions again by itself.
        try (Statement s = su.createStatement()) {
          s.execute("DROP TABLE disk_ballast");
        }
        long freedAt = System.nanoTime();
        List<OutageLoad.Answer> recovering = load.until(RECOVERY, "recovery",
            answers -> !answers.isEmpty() && answers.get(answers.size() - 1).accepted());
        double recoverySeconds = (System.nanoTime() - freedAt) / 1e9;
        boolean acceptsAgain = !recovering.isEmpty() && recovering.get(recovering.size() - 1).accepted();
        accepted.addAll(OutageLoad.acceptedIds(recovering));
        List<String> after = OutageLoad.acceptedIds(load.collect(load.fire("after", AFTER)));
        accepted.addAll(after);

        OutageLoad.Settlement settled = load.settle(accepted, RECOVERY);
        boolean nodeRunning = node.stopReason().isEmpty() && load.ready() == 200;
        r.measured("ballast_bytes", ballast.bytes())
            .measured("disk_bytes", DISK_BYTES)
            .measured("disk_free_bytes_when_full", freeWhenFull)
            .measured("tables_on_small_disk", EdgeClient.JSON.valueToTree(moved))
            .measured("postgres_error_sqlstate", ballast.sqlState())
            .measured("postgres_error", ballast.message())
            .measured("node_saw_disk_full", nodeSawDiskFull.orElse("not in the node's log"))
            .measured("accepted_before", acceptedBefore)
            .measured("accepted_while_full", acceptedWhileFull)
            .measured("refused_503", refusedWhileFull)
            .measured("other_statuses", otherWhileFull)
            .measured("refusal_codes", EdgeClient.JSON.valueToTree(load.refusalCodes()))
            .measured("recovery_seconds", recoverySeconds)
            .measured("accepted_after", after.size() + OutageLoad.acceptedIds(recovering).size())
            .measured("other_statuses_total", load.otherStatuses())
            .measured("statuses", EdgeClient.JSON.valueToTree(load.statuses()))
            .measured("lost", settled.lost().size())
            .measured("not_terminal", settled.open().size())
            .measured("all_terminal", settled.allTerminal())
            .measured("instruction_states", EdgeClient.JSON.valueToTree(settled.byStatus()))
            .check("disk_full_53100", DISK_FULL.equals(ballast.sqlState()))
            .check("refused_503", refusedWhileFull > 0)
            .check("never_500", load.otherStatuses() == 0)
            .check("node_kept_running", nodeRunning)
            .check("accepts_again_without_operator", acceptsAgain)
            .check("nothing_accepted_lost", settled.lost().isEmpty())
            .check("INV-TERMINAL", settled.allTerminal());

        assertEquals(DISK_FULL, ballast.sqlState(), "the tablespace filled up: " + ballast);
        assertTrue(nodeSawDiskFull.isPresent(), "the node's writes hit the full disk (SQLSTATE 53100)");
        assertTrue(refusedWhileFull >= REFUSALS_WANTED, "writes were refused with 503 while full: " + load.summary());
        assertEquals(0, load.otherStatuses(), "only 202 or 503 with Retry-After, never a 500: " + load.summary());
        assertTrue(acceptsAgain, "the node accepts again once space returns: " + load.summary());
        assertEquals(AFTER, after.size(), "all accepted after recovery: " + load.summary());
        assertTrue(settled.lost().isEmpty(), "no accepted instruction is unknown to the node: " + settled);
        assertTrue(settled.allTerminal(), "every accepted instruction is final (INV-TERMINAL): " + settled);
        assertTrue(nodeRunning, "the node kept running: " + node.stopReason());
        r.pass();
      } finally {
        try (Statement s = su.createStatement()) {
          s.execute("DROP TABLE IF EXISTS disk_ballast"); // space back before the node closes, whatever happened
        }
      }
    }
  }

  /** A tablespace on the small disk, and the tables every submission writes moved onto it; returns their names. */
  private static List<String> moveHotTablesToSmallDisk(Connection su) throws Exception {
    Path location = Files.createDirectory(disk.path().resolve("tablespace"));
    List<String> tables = new ArrayList<>(List.of("event_journal", "event_tag"));
    try (Statement s = su.createStatement()) {
      s.execute("SET lock_timeout = '30s'");
      s.execute("CREATE TABLESPACE " + TABLESPACE + " LOCATION '" + location + "'");
      try (ResultSet rs = s.executeQuery(
          "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'ingress_attestation'::regclass")) {
        while (rs.next()) tables.add(rs.getString(1));
      }
      for (String table : tables) s.execute("ALTER TABLE " + table + " SET TABLESPACE " + TABLESPACE);
    }
    return tables;
  }

  /** Fills the small disk: big inserts until the file system refuses, then single rows for the last pages. */
  private static Ballast fill(Connection su) throws SQLException {
    try (Statement s = su.createStatement()) {
      s.execute("CREATE TABLE disk_ballast (pad text) TABLESPACE " + TABLESPACE);
      SQLException full = null;
      for (int i = 0; i < MAX_BALLAST_CHUNKS && full == null; i++)
        full = diskFull(s, "INSERT INTO disk_ballast SELECT repeat('x', 1000) FROM generate_series(1, 1000)");
      for (int i = 0; i < MAX_BALLAST_ROWS && full != null; i++) {
        SQLException last = diskFull(s, "INSERT INTO disk_ballast VALUES (repeat('x', 1000))");
        if (last != null) {
          full = last;
          break;
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('disk_ballast')")) {
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

  /** The first node log line whose error chain carries SQLSTATE 53100 (logger: message). */
  private static Optional<String> diskFullSeenByNode(List<ILoggingEvent> events) {
    for (ILoggingEvent e : events) {
      if (!(e.getThrowableProxy() instanceof ThrowableProxy proxy)) continue;
      for (Throwable t = proxy.getThrowable(); t != null; t = t.getCause())
        if (t instanceof SQLException sql && DISK_FULL.equals(sql.getSQLState()))
          return Optional.of(e.getLoggerName() + ": " + sql.getMessage().lines().findFirst().orElse(""));
    }
    return Optional.empty();
  }
}
