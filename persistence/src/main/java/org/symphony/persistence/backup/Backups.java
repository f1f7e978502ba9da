package org.symphony.persistence.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A base backup of an archiving server into {@code <backups>/<UTC start time>/}: what `symphony backup` and the node's
 * schedule both do. Refused when the server does not archive its WAL: such a copy could never be restored.
 */
public final class Backups {

    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The server cannot give a restorable backup (archiving off). */
    public static final class NotArchivingException extends Exception {
        NotArchivingException(String message) {
            super(message);
        }
    }

    private Backups() {
    }

    /**
     * @param archiveWait bounds every statement of the backup (pg_backup_stop waits for the archiver) on the
     *                    connection; its own statement_timeout is put back afterwards
     */
    public static BackupManifest takeInto(Connection superuser, Path dataDir, Path backupsDir, Clock clock, Duration archiveWait)
            throws IOException, SQLException, NotArchivingException {
        String archiveMode = show(superuser, "archive_mode");
        if (archiveMode.equals("off"))
            throw new NotArchivingException("the database does not archive its WAL (archive_mode = off): a base backup of it"
                    + " could not be restored; turn on symphony.persistence.embedded.wal-archive.enabled (SYMPHONY_WAL_ARCHIVE=true)"
                    + " and restart the node");
        Files.createDirectories(backupsDir);
        String name = NAME.format(clock.instant());
        Path target = backupsDir.resolve(name);
        for (int n = 2; Files.exists(target); n++) target = backupsDir.resolve(name + "-" + n);
        String previousTimeout = show(superuser, "statement_timeout");
        set(superuser, "statement_timeout", archiveWait.toMillis() + "ms");
        BackupManifest taken;
        try {
            taken = BaseBackup.take(superuser, dataDir, target, "symphony-" + target.getFileName(), true);
        } catch (IOException | SQLException | RuntimeException e) {
            try {
                set(superuser, "statement_timeout", previousTimeout);
            } catch (SQLException reset) {
                e.addSuppressed(reset);
            }
            throw e;
        }
        set(superuser, "statement_timeout", previousTimeout);
        return taken;
    }

    private static void set(Connection c, String setting, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, false)")) {
            ps.setString(1, setting);
            ps.setString(2, value);
            ps.execute();
        }
    }

    static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
