package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;
import org.symphony.persistence.backup.BackupCatalog;
import org.symphony.persistence.backup.BackupManifest;

/**
 * `symphony backup` against a real node that archives its WAL (and the node's own schedule, which takes one at start
 * when there is none), then the bad input of backup and restore: each a single line on stderr and a non-zero exit.
 */
@Timeout(300)
class BackupRestoreCommandTest {

  @TempDir Path home;
  @TempDir Path elsewhere;

  @Test
  void backupTakesARestorableBaseBackupAndBadInputGetsOneLineAndANonZeroExit() throws Exception {
    NodeOptions options = TestNodes.options(home)
        .withOverride("symphony.persistence.embedded.wal-archive.enabled", true)
        .withOverride("symphony.persistence.backup.interval", "1h");
    Path backups = home.resolve("backups");
    try (SymphonyNode node = SymphonyNode.start(options)) {
      Await.until(Duration.ofSeconds(90), () -> BackupCatalog.read(backups).backups().size() == 1,
          () -> "the node's schedule takes a base backup at start when there is none: " + BackupCatalog.read(backups).backups());

      try (EvidenceResult r = EvidenceResult.start(EvidenceSection.BCDR, "base_backup", getClass())) {
        long started = System.nanoTime();
        CommandRun backup = CommandRun.of("backup", "--home", home.toString());
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(0, backup.exit(), backup.err());
        BackupManifest m = BackupCatalog.read(backups).newest().orElseThrow();
        assertEquals(2, BackupCatalog.read(backups).backups().size(), "the schedule's and the command's");
        assertTrue(backup.out().contains(m.label()), backup.out());
        assertTrue(Files.readString(m.directory().resolve("backup_label")).contains("LABEL: " + m.label()));
        assertTrue(Files.isRegularFile(home.resolve("wal-archive").resolve(startSegment(m))),
            "the WAL the backup needs is archived");
        r.measured("seconds", seconds).measured("bytes", m.bytes()).measured("files", m.files()).measured("label", m.label())
            .check("backup_label_written", Files.isRegularFile(m.directory().resolve("backup_label")))
            .check("start_segment_archived", Files.isRegularFile(home.resolve("wal-archive").resolve(startSegment(m))));
        r.pass();
      }

      Path aFile = Files.writeString(elsewhere.resolve("a-file"), "x");
      expectOneLine(CommandRun.of("backup", "--home", home.toString(), "--backups", aFile.resolve("sub").toString()),
          "cannot write backups into");

      String target = elsewhere.resolve("restored").toString();
      expectOneLine(CommandRun.of("restore", "--home", home.toString(), "--to", "yesterday", "--target", target),
          "unknown time format");
      expectOneLine(CommandRun.of("restore", "--home", home.toString(), "--to", "2000-01-01T00:00:00Z", "--target", target),
          "before the first base backup");
      expectOneLine(CommandRun.of("restore", "--home", home.toString(), "--to", Instant.now().toString(), "--target", target,
          "--archive", elsewhere.resolve("no-archive").toString()), "no WAL archive");
      Path occupied = Files.createDirectories(elsewhere.resolve("occupied"));
      Files.writeString(occupied.resolve("PG_VERSION"), "18");
      expectOneLine(CommandRun.of("restore", "--home", home.toString(), "--to", Instant.now().toString(), "--target",
          occupied.toString()), "not empty");
    }
    // The node is gone; its dev.json still names its database.
    expectOneLine(CommandRun.of("backup", "--home", home.toString()), "cannot back up the database at");
  }

  private static String startSegment(BackupManifest m) throws Exception {
    return org.symphony.persistence.backup.WalPosition.startSegmentFile(Files.readString(m.directory().resolve("backup_label")))
        .orElseThrow();
  }

  private static void expectOneLine(CommandRun run, String saying) {
    assertNotEquals(0, run.exit(), "non-zero exit: " + run);
    assertTrue(run.oneErrorLine(), "one line on stderr, no stack trace: " + run.err());
    assertTrue(run.err().contains(saying), "stderr says '" + saying + "': " + run.err());
  }
}
