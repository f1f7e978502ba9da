package org.symphony.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.persistence.backup.BackupCatalog;
import org.symphony.persistence.backup.BackupManifest;
import org.symphony.persistence.backup.WalPosition;

/**
 * The node's backup schedule with retention: backups keep coming at the interval, only the newest `keep` stay, and
 * the archive keeps exactly the WAL from the oldest kept backup's start on (plus what is not a segment).
 */
@Timeout(300)
class ScheduledBackupsNodeTest {

  private static final Duration WITHIN = Duration.ofSeconds(120);

  @TempDir Path home;

  @Test
  void theScheduleKeepsTheNewestBackupAndTheWalItNeeds() throws Exception {
    NodeOptions options = TestNodes.options(home)
        .withOverride("symphony.persistence.embedded.wal-archive.enabled", true)
        .withOverride("symphony.persistence.backup.interval", "2s")
        .withOverride("symphony.persistence.backup.keep", 1);
    Path backups = home.resolve("backups");
    Path archive = home.resolve("wal-archive");
    try (SymphonyNode node = SymphonyNode.start(options)) {
      Await.until(WITHIN, () -> BackupCatalog.read(backups).newest().isPresent(), () -> "a first backup");
      String first = BackupCatalog.read(backups).newest().orElseThrow().label();
      Await.until(WITHIN, () -> {
        var catalog = BackupCatalog.read(backups);
        return catalog.backups().size() == 1 && !catalog.newest().orElseThrow().label().equals(first) && pruned(catalog.newest().get(), archive);
      }, () -> "a later backup replaced " + first + " and the WAL before it went: " + BackupCatalog.read(backups).backups() + " " + names(archive));
      // Checked within one look at the catalog: the schedule keeps going, and the next backup may replace this one.
    }
  }

  /** No segment older than the kept backup's start; its start segment is there. */
  private static boolean pruned(BackupManifest kept, Path archive) throws Exception {
    String startSegment;
    try {
      startSegment = startSegment(kept);
    } catch (java.nio.file.NoSuchFileException replacedMeanwhile) {
      return false;
    }
    long start = WalPosition.segmentNumberOf(startSegment, WalPosition.DEFAULT_SEGMENT_BYTES).orElseThrow();
    for (String name : names(archive)) {
      var segment = WalPosition.segmentNumberOf(name, WalPosition.DEFAULT_SEGMENT_BYTES);
      if (segment.isPresent() && segment.get() < start) return false;
    }
    return names(archive).contains(startSegment);
  }

  private static String startSegment(BackupManifest m) throws Exception {
    return WalPosition.startSegmentFile(Files.readString(m.directory().resolve("backup_label"))).orElseThrow();
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

}
