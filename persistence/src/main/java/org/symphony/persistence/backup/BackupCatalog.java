package org.symphony.persistence.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The finished base backups in a directory (a backup is finished when its manifest is there), oldest first. */
public record BackupCatalog(Path directory, List<BackupManifest> backups) {

    public BackupCatalog {
        backups = List.copyOf(backups);
    }

    public static BackupCatalog read(Path directory) throws IOException {
        List<BackupManifest> found = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> entries = Files.list(directory)) {
                for (Path d : entries.filter(Files::isDirectory).toList()) {
                    try {
                        if (Files.isRegularFile(d.resolve(BackupManifestFile.FILE_NAME))) found.add(BackupManifestFile.read(d));
                    } catch (NoSuchFileException deleted) {
                        // retention removed it while we looked: it is no longer a backup
                    }
                }
            }
        }
        found.sort(Comparator.comparing(BackupManifest::stoppedAt));
        return new BackupCatalog(directory, found);
    }

    /** The newest backup that had finished strictly before {@code time}: a restore to that time starts from it. */
    public Optional<BackupManifest> latestFinishedBefore(Instant time) {
        return backups.stream().filter(b -> b.stoppedAt().isBefore(time)).reduce((a, b) -> b);
    }

    public Optional<BackupManifest> newest() {
        return backups.isEmpty() ? Optional.empty() : Optional.of(backups.get(backups.size() - 1));
    }

    public Optional<BackupManifest> oldest() {
        return backups.isEmpty() ? Optional.empty() : Optional.of(backups.get(0));
    }
}
