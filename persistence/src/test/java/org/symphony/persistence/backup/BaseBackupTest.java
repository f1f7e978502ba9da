package org.symphony.persistence.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.persistence.DatabaseSettings;
import org.symphony.persistence.SymphonyDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(180)
class BaseBackupTest {

    @TempDir
    Path tmp;

    @Test
    void copiesTheClusterWithItsLabelAndManifestAndLeavesTheServerOutOfBackupMode() throws Exception {
        Path dataDir = tmp.resolve("pg");
        Path target = tmp.resolve("backups/one");
        try (SymphonyDatabase db = SymphonyDatabase.start(persistent(dataDir));
             Connection owner = db.ownerDataSource().getConnection()) {
            BackupManifest manifest = BaseBackup.take(owner, dataDir, target, "test-one", false);

            assertEquals("test-one", manifest.label());
            assertTrue(manifest.files() > 100, "a cluster has hundreds of files, copied " + manifest.files());
            assertTrue(manifest.bytes() > 1_000_000, "copied " + manifest.bytes() + " bytes");
            assertTrue(Files.exists(target.resolve("PG_VERSION")));
            assertTrue(Files.isDirectory(target.resolve("pg_wal/archive_status")), "pg_wal kept, empty");
            assertFalse(Files.exists(target.resolve("postmaster.pid")), "the running server's pid file is left out");
            String label = Files.readString(target.resolve("backup_label"));
            assertTrue(label.contains("LABEL: test-one") && label.contains("START WAL LOCATION: " + manifest.startLsn()), label);
            assertEquals(manifest, BackupManifestFile.read(target), "the manifest file reads back as the record");
            // a second backup on the same connection proves the first one was stopped
            BackupManifest second = BaseBackup.take(owner, dataDir, tmp.resolve("backups/two"), "test-two", false);
            assertTrue(second.startedAt().compareTo(manifest.stoppedAt()) >= 0);
        }
    }

    @Test
    void refusesANonEmptyTargetAndAServerThatDoesNotArchive() throws Exception {
        Path dataDir = tmp.resolve("pg");
        Path target = tmp.resolve("occupied");
        Files.createDirectories(target);
        Files.writeString(target.resolve("something"), "x");
        try (SymphonyDatabase db = SymphonyDatabase.start(persistent(dataDir));
             Connection owner = db.ownerDataSource().getConnection()) {
            IOException e = assertThrows(IOException.class, () -> BaseBackup.take(owner, dataDir, target, "x", false));
            assertTrue(e.getMessage().contains("not empty"), e.getMessage());
            Backups.NotArchivingException off = assertThrows(Backups.NotArchivingException.class,
                    () -> Backups.takeInto(owner, dataDir, tmp.resolve("backups"), java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(1)));
            assertTrue(off.getMessage().contains("archive_mode = off"), off.getMessage());
            assertFalse(Files.exists(tmp.resolve("backups")), "nothing written for a backup that could not be restored");
        }
    }

    private static DatabaseSettings persistent(Path dataDir) {
        return DatabaseSettings.load().withoutExternal().withPort(0).withPoolSize(2).withOwnerPoolSize(1)
                .withEphemeral(false).withDataDir(dataDir);
    }
}
