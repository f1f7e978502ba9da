package org.symphony.persistence.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention deletes old backups and only the archived WAL that no kept backup could need. */
class BackupRetentionTest {

    @TempDir
    Path tmp;

    @Test
    void keepsTheNewestBackupsAndTheWalFromTheOldestKeptBackupsStartOn() throws Exception {
        Path backups = tmp.resolve("backups");
        Path archive = Files.createDirectories(tmp.resolve("wal-archive"));
        backup(backups, "b1", "2026-12-01T00:00:00Z", "000000010000000000000003");
        backup(backups, "b2", "2026-12-02T00:00:00Z", "000000010000000000000007");
        backup(backups, "b3", "2026-12-03T00:00:00Z", "00000001000000010000000A");
        for (String f : List.of("000000010000000000000002", "000000010000000000000003", "000000010000000000000006",
                "000000010000000000000006.00000028.backup", "000000010000000000000007", "000000010000000000000007.00000028.backup",
                "000000010000000000000009", "00000002.history", "000000020000000000000008.partial", "000000020000000000000008",
                "000000010000000000000006.tmp", "README"))
            Files.writeString(archive.resolve(f), f);

        BackupRetention.Pruned pruned = BackupRetention.prune(backups, archive, 2);

        assertEquals(List.of(backups.resolve("b1")), pruned.backupsDeleted());
        assertFalse(Files.exists(backups.resolve("b1")));
        assertEquals(List.of("b2", "b3"), BackupCatalog.read(backups).backups().stream().map(b -> b.directory().getFileName().toString()).toList());
        assertEquals(Set.of("000000010000000000000007", "000000010000000000000007.00000028.backup", "000000010000000000000009",
                        "00000002.history", "000000020000000000000008.partial", "000000020000000000000008", "README"),
                names(archive), "segments from b2's start on (any timeline), history files and foreign files stay");
    }

    @Test
    void deletesNothingFromTheArchiveWithoutAReadableLabelOrWithoutBackups() throws Exception {
        Path backups = tmp.resolve("backups");
        Path archive = Files.createDirectories(tmp.resolve("wal-archive"));
        Files.writeString(archive.resolve("000000010000000000000001"), "x");
        assertTrue(BackupRetention.prune(backups, archive, 1).walFilesDeleted().isEmpty(), "no backups: nothing goes");

        backup(backups, "b1", "2026-12-01T00:00:00Z", "000000010000000000000003");
        Files.delete(backups.resolve("b1/backup_label"));
        assertTrue(BackupRetention.prune(backups, archive, 1).walFilesDeleted().isEmpty(), "no label: nothing goes");
        assertTrue(Files.exists(archive.resolve("000000010000000000000001")));
    }

    private static void backup(Path backups, String name, String stoppedAt, String startSegment) throws Exception {
        Path dir = Files.createDirectories(backups.resolve(name));
        Files.writeString(dir.resolve("backup_label"), "START WAL LOCATION: 0/3000028 (file " + startSegment + ")\nLABEL: " + name + "\n");
        Instant stopped = Instant.parse(stoppedAt);
        BackupManifestFile.write(new BackupManifest(name, stopped.minusSeconds(5), stopped, "0/3000028", "0/3000100", dir, 1, 1));
    }

    private static Set<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
