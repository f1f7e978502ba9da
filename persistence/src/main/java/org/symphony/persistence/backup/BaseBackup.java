package org.symphony.persistence.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * A base backup through PostgreSQL's own backup API (the machine's pg_basebackup is older than the server and cannot
 * be used): {@code pg_backup_start}, a file copy of the data directory, {@code pg_backup_stop}, all on the caller's
 * connection, which must stay open throughout (a non-exclusive backup is aborted when its session ends). The copy is
 * restorable only together with the WAL from its start to its stop LSN, which archiving (or a standby's streaming)
 * supplies.
 */
public final class BaseBackup {

    private BaseBackup() {
    }

    /** Waits for the backup's last WAL segment to be archived: needs {@code archive_mode=on}. */
    public static BackupManifest take(Connection superuser, Path dataDir, Path target, String label)
            throws IOException, SQLException {
        return take(superuser, dataDir, target, label, true);
    }

    /**
     * @param waitForArchive false when archiving is off (e.g. a standby seeded by streaming): pg_backup_stop would
     *                       otherwise wait for an archiver that never comes
     */
    public static BackupManifest take(Connection superuser, Path dataDir, Path target, String label, boolean waitForArchive)
            throws IOException, SQLException {
        Path source = dataDir.toAbsolutePath().normalize();
        Path into = target.toAbsolutePath().normalize();
        if (!Files.isDirectory(source)) throw new IOException("data directory " + source + " does not exist");
        prepareTarget(into);
        if (!superuser.getAutoCommit()) superuser.setAutoCommit(true); // start and stop must not sit in one transaction
        Instant startedAt = Instant.now();
        String startLsn;
        try (PreparedStatement start = superuser.prepareStatement("SELECT pg_backup_start(?, true)::text")) {
            start.setString(1, label);
            startLsn = single(start);
        }
        DataDirectoryCopy.Totals totals;
        try {
            totals = DataDirectoryCopy.copy(source, into);
        } catch (IOException | RuntimeException e) {
            abort(superuser, e);
            throw e;
        }
        String stopLsn;
        String labelFile;
        String spcmapFile;
        try (PreparedStatement stop = superuser.prepareStatement(
                "SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(?)")) {
            stop.setBoolean(1, waitForArchive);
            try (ResultSet rs = stop.executeQuery()) {
                if (!rs.next()) throw new SQLException("pg_backup_stop returned no row");
                stopLsn = rs.getString(1);
                labelFile = rs.getString(2);
                spcmapFile = rs.getString(3);
            }
        }
        Files.writeString(into.resolve("backup_label"), labelFile, StandardCharsets.UTF_8);
        if (spcmapFile != null && !spcmapFile.isEmpty()) {
            Files.writeString(into.resolve("tablespace_map"), spcmapFile, StandardCharsets.UTF_8);
        }
        BackupManifest manifest = new BackupManifest(label, startedAt, Instant.now(), startLsn, stopLsn, into,
                totals.files(), totals.bytes());
        BackupManifestFile.write(manifest);
        return manifest;
    }

    /** The copy goes into an absent or empty directory, owner-only (it holds the roles' password hashes). */
    private static void prepareTarget(Path into) throws IOException {
        if (Files.exists(into)) {
            if (!Files.isDirectory(into)) throw new IOException("backup target " + into + " is not a directory");
            try (Stream<Path> entries = Files.list(into)) {
                if (entries.findAny().isPresent()) throw new IOException("backup target " + into + " is not empty");
            }
        } else {
            Files.createDirectories(into);
        }
        Files.setPosixFilePermissions(into, PosixFilePermissions.fromString("rwx------"));
    }

    private static void abort(Connection superuser, Exception cause) {
        try (PreparedStatement stop = superuser.prepareStatement("SELECT pg_backup_stop(false)")) {
            stop.execute();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static String single(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) throw new SQLException("no row from " + statement);
            return rs.getString(1);
        }
    }
}
