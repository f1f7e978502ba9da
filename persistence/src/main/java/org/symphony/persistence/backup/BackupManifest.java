package org.symphony.persistence.backup;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What one base backup holds: the WAL range a restore must replay ({@code startLsn}..{@code stopLsn}) and when it was
 * taken. Written beside the copy as {@value BackupManifestFile#FILE_NAME}.
 */
public record BackupManifest(String label, Instant startedAt, Instant stoppedAt, String startLsn,
                             String stopLsn, Path directory, long files, long bytes) {

    public BackupManifest {
        if (label == null || label.isBlank()) throw new IllegalArgumentException("label must not be blank");
        if (startedAt == null || stoppedAt == null) throw new IllegalArgumentException("startedAt and stoppedAt must be set");
        if (stoppedAt.isBefore(startedAt)) throw new IllegalArgumentException("stoppedAt " + stoppedAt + " is before startedAt " + startedAt);
        if (startLsn == null || stopLsn == null) throw new IllegalArgumentException("startLsn and stopLsn must be set");
        if (directory == null) throw new IllegalArgumentException("directory must be set");
        if (files < 0 || bytes < 0) throw new IllegalArgumentException("files and bytes must not be negative");
    }
}
