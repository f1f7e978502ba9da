package org.symphony.persistence.backup;

import com.typesafe.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code symphony.persistence.backup}: where base backups go, how often the node takes one, how many it keeps.
 *
 * @param dir      empty: {@value #DEFAULT_DIR_NAME} beside the data directory (in the node home)
 * @param interval   empty: no schedule, only {@code symphony backup}
 * @param retryAfter the schedule's next attempt after a failed backup (sooner than interval when that is longer)
 * @param archiveWaitTimeout longest wait for a backup's last WAL segment to be archived (a failing archive_command
 *                           would otherwise hold the backup forever)
 */
public record BackupSettings(Optional<Path> dir, Optional<Duration> interval, int keep, Duration retryAfter,
                             Duration archiveWaitTimeout, Duration restoreTimeout) {

    public static final String DEFAULT_DIR_NAME = "backups";
    private static final String SECTION = "symphony.persistence.backup";

    public BackupSettings {
        dir = dir == null ? Optional.empty() : dir;
        interval = interval == null ? Optional.empty() : interval;
        if (keep < 1) throw new IllegalArgumentException("backup.keep must be at least 1, was " + keep);
        interval.ifPresent(i -> {
            if (i.isNegative() || i.isZero()) throw new IllegalArgumentException("backup.interval must be positive or off, was " + i);
        });
        if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero())
            throw new IllegalArgumentException("backup.retry-after must be positive, was " + retryAfter);
        if (archiveWaitTimeout == null || archiveWaitTimeout.isNegative() || archiveWaitTimeout.isZero())
            throw new IllegalArgumentException("backup.archive-wait-timeout must be positive, was " + archiveWaitTimeout);
        if (restoreTimeout == null || restoreTimeout.isNegative() || restoreTimeout.isZero())
            throw new IllegalArgumentException("backup.restore-timeout must be positive, was " + restoreTimeout);
    }

    public static BackupSettings fromConfig(Config root) {
        Config c = root.getConfig(SECTION);
        String dir = c.getString("dir");
        String interval = c.getString("interval").trim();
        return new BackupSettings(
                dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir)),
                interval.isEmpty() || interval.equalsIgnoreCase("off") ? Optional.empty() : Optional.of(c.getDuration("interval")),
                c.getInt("keep"),
                c.getDuration("retry-after"),
                c.getDuration("archive-wait-timeout"),
                c.getDuration("restore-timeout"));
    }

    /** Where the backups of the cluster in {@code dataDir} go. */
    public Path directory(Path dataDir) {
        return dir.orElseGet(() -> dataDir.toAbsolutePath().normalize().resolveSibling(DEFAULT_DIR_NAME)).toAbsolutePath().normalize();
    }

    public BackupSettings withDir(Path value) {
        return new BackupSettings(Optional.of(value), interval, keep, retryAfter, archiveWaitTimeout, restoreTimeout);
    }

    public BackupSettings withInterval(Duration value) {
        return new BackupSettings(dir, Optional.ofNullable(value), keep, retryAfter, archiveWaitTimeout, restoreTimeout);
    }

    public BackupSettings withKeep(int value) {
        return new BackupSettings(dir, interval, value, retryAfter, archiveWaitTimeout, restoreTimeout);
    }
}
