package org.symphony.persistence.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.persistence.DatabaseSettings;
import org.symphony.persistence.SymphonyDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The restore's mechanics on a bare archiving server: rows committed before the target come back, later ones do not. */
@Timeout(240)
class PointInTimeRestoreTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void restoresExactlyTheRowsCommittedBeforeTheTargetTime() throws Exception {
        Path home = tmp.resolve("home");
        Path dataDir = home.resolve("pg");
        Path archive = home.resolve(WalArchive.DEFAULT_DIR_NAME);
        Path backups = home.resolve(BackupSettings.DEFAULT_DIR_NAME);
        Instant target;
        Instant afterLastCommit;
        BackupManifest base;
        try (SymphonyDatabase db = SymphonyDatabase.start(archiving(dataDir));
             Connection owner = db.ownerDataSource().getConnection();
             Statement s = owner.createStatement()) {
            s.execute("CREATE TABLE wave (n int PRIMARY KEY, wave int NOT NULL)");
            base = Backups.takeInto(owner, dataDir, backups, Clock.systemUTC(), DEADLINE);
            insert(s, 1, 1, 50);
            target = instantAfterCommits(s);
            insert(s, 2, 51, 100);
            afterLastCommit = instantAfterCommits(s);
            switchAndAwaitArchived(s, archive);
        }

        RestoreRequest request = new RestoreRequest(target, tmp.resolve("restored/pg"), backups, archive,
                SymphonyDatabase.embeddedCredentialsFile(dataDir), settings(dataDir), Duration.ofMinutes(2), false);
        Restored restored = PointInTimeRestore.restore(request);

        assertEquals(base.label(), restored.base().label());
        assertTrue(restored.timeline() >= 2, "recovery promoted onto a new timeline: " + restored.timeline());
        assertTrue(restored.walSegmentsReplayed() >= 1, "segments replayed: " + restored.walSegmentsReplayed());
        assertFalse(Files.exists(restored.dataDir().resolve("recovery.signal")), "recovery finished");
        // the restored directory starts again as an ordinary cluster
        try (SymphonyDatabase db = SymphonyDatabase.start(settings(restored.dataDir()));
             Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement()) {
            assertEquals(50, count(s, "SELECT count(*) FROM wave WHERE wave = 1"), "every row committed before the target");
            assertEquals(0, count(s, "SELECT count(*) FROM wave WHERE wave = 2"), "no row committed after it");
            assertEquals(0, count(s, "SELECT count(*) FROM pg_settings WHERE name = 'recovery_target_time' AND setting <> ''"),
                    "recovery settings reset");
        }

        // No transaction after afterLastCommit in the archive: PostgreSQL will not call that point reached. The restore
        // fails as soon as the server gives up (not after its whole timeout), with PostgreSQL's reason.
        RestoreRequest unreachable = new RestoreRequest(afterLastCommit, tmp.resolve("unreachable/pg"), backups, archive,
                SymphonyDatabase.embeddedCredentialsFile(dataDir), settings(dataDir), Duration.ofMinutes(10), false);
        RestoreException e = assertThrows(RestoreException.class, () -> PointInTimeRestore.restore(unreachable));
        assertTrue(e.getMessage().contains("recovery ended before") && e.getMessage().contains("choose an earlier time"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(Files.exists(unreachable.targetDir().resolve("postmaster.pid")), "no server left running on it");

        // After the archive's newest segment: refused before anything is copied.
        RestoreRequest tooLate = new RestoreRequest(Instant.now(), tmp.resolve("too-late/pg"), backups, archive,
                SymphonyDatabase.embeddedCredentialsFile(dataDir), settings(dataDir), Duration.ofMinutes(10), false);
        RestoreException late = assertThrows(RestoreException.class, () -> PointInTimeRestore.restore(tooLate));
        assertTrue(late.getMessage().contains("nothing after it can be restored yet"), late.getMessage());
        assertFalse(Files.exists(tooLate.targetDir()), "nothing written");
    }

    @Test
    void refusesATargetBeforeTheFirstBackupANonEmptyTargetAndAMissingArchive() throws Exception {
        Path dataDir = tmp.resolve("home/pg");
        Path backups = tmp.resolve("home/backups");
        Path archive = tmp.resolve("home/wal-archive");
        Instant before = Instant.now().minusSeconds(3600);
        try (SymphonyDatabase db = SymphonyDatabase.start(archiving(dataDir));
             Connection owner = db.ownerDataSource().getConnection()) {
            Backups.takeInto(owner, dataDir, backups, Clock.systemUTC(), DEADLINE);
        }
        Path credentials = SymphonyDatabase.embeddedCredentialsFile(dataDir);
        RestoreException early = assertThrows(RestoreException.class, () -> PointInTimeRestore.restore(
                new RestoreRequest(before, tmp.resolve("r1"), backups, archive, credentials, settings(dataDir), DEADLINE, false)));
        assertTrue(early.getMessage().contains("before the first base backup"), early.getMessage());

        Path occupied = Files.createDirectories(tmp.resolve("r2"));
        Files.writeString(occupied.resolve("x"), "x");
        RestoreException nonEmpty = assertThrows(RestoreException.class, () -> PointInTimeRestore.restore(
                new RestoreRequest(Instant.now(), occupied, backups, archive, credentials, settings(dataDir), DEADLINE, false)));
        assertTrue(nonEmpty.getMessage().contains("not empty"), nonEmpty.getMessage());

        RestoreException noArchive = assertThrows(RestoreException.class, () -> PointInTimeRestore.restore(
                new RestoreRequest(Instant.now(), tmp.resolve("r3"), backups, tmp.resolve("nowhere"), credentials, settings(dataDir), DEADLINE, false)));
        assertTrue(noArchive.getMessage().contains("no WAL archive"), noArchive.getMessage());
    }

    static DatabaseSettings settings(Path dataDir) {
        return DatabaseSettings.load().withoutExternal().withPort(0).withPoolSize(2).withOwnerPoolSize(1)
                .withEphemeral(false).withDataDir(dataDir);
    }

    static DatabaseSettings archiving(Path dataDir) {
        return settings(dataDir).withWalArchive(new WalArchive(true, Optional.empty(), Duration.ofSeconds(60)));
    }

    private static void insert(Statement s, int wave, int from, int to) throws SQLException {
        for (int n = from; n <= to; n++) s.execute("INSERT INTO wave VALUES (" + n + ", " + wave + ")"); // one commit each
    }

    /** A time strictly after the last commit, by the server's clock. */
    private static Instant instantAfterCommits(Statement s) throws Exception {
        Instant last = Instant.parse(string(s, "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
        Instant t = last.plusMillis(1);
        poll(() -> Instant.now().isAfter(t), "the clock to pass " + t);
        return t;
    }

    static void switchAndAwaitArchived(Statement s, Path archive) throws Exception {
        String segment = string(s, "SELECT pg_walfile_name(pg_switch_wal())");
        poll(() -> Files.exists(archive.resolve(segment)), segment + " archived into " + archive);
    }

    private static void poll(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + DEADLINE + ": " + what);
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static String string(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
