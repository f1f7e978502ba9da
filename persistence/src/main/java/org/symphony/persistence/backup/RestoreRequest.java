package org.symphony.persistence.backup;

import org.symphony.persistence.DatabaseSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A point-in-time restore: the cluster as it was at {@code targetTime}, rebuilt in the fresh {@code targetDir} from
 * the newest base backup in {@code backupsDir} that finished before then and the WAL in {@code archiveDir}.
 *
 * @param credentialsFile the original embedded server's passwords (the restored roles are the same); copied beside
 *                        the restored data directory, where an embedded server looks for them
 * @param server          how to run the restored server (port, network); its data directory, archiving and pool
 *                        sizes are the restore's own
 * @param keepRunning     false: stopped again once recovery ended, the data directory left ready to start
 */
public record RestoreRequest(Instant targetTime, Path targetDir, Path backupsDir, Path archiveDir, Path credentialsFile,
                             DatabaseSettings server, Duration timeout, boolean keepRunning) {

    public RestoreRequest {
        if (targetTime == null || targetDir == null || backupsDir == null || archiveDir == null || credentialsFile == null
                || server == null || timeout == null)
            throw new IllegalArgumentException("every part of a restore request must be given");
        targetDir = targetDir.toAbsolutePath().normalize();
        backupsDir = backupsDir.toAbsolutePath().normalize();
        archiveDir = archiveDir.toAbsolutePath().normalize();
    }
}
