package org.symphony.persistence.backup;

import org.symphony.persistence.SymphonyDatabase;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A finished restore: the base backup it started from, the restored data directory, where its server ran, how long
 * it all took and how many WAL segments recovery read (from the backup's start to the point it stopped at).
 *
 * @param running the restored server, when the request asked to keep it running (the caller closes it)
 */
public record Restored(BackupManifest base, Path dataDir, Path credentialsFile, String jdbcUrl, int timeline,
                       String recoveryEndLsn, long walSegmentsReplayed, Duration took, Optional<SymphonyDatabase> running) {
}
