package org.symphony.persistence.backup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps the newest {@code keep} finished base backups and the archived WAL they need. A WAL file goes only when its
 * segment is older than the oldest kept backup's first segment (read from that backup's own backup_label): no restore
 * from any kept backup could read it. Without a readable label nothing is deleted from the archive.
 */
public final class BackupRetention {

    private static final Logger LOG = LoggerFactory.getLogger(BackupRetention.class);

    public record Pruned(List<Path> backupsDeleted, List<Path> walFilesDeleted) {
        public Pruned {
            backupsDeleted = List.copyOf(backupsDeleted);
            walFilesDeleted = List.copyOf(walFilesDeleted);
        }
    }

    private BackupRetention() {
    }

    public static Pruned prune(Path backupsDir, Path archiveDir, int keep) throws IOException {
        if (keep < 1) throw new IllegalArgumentException("keep must be at least 1, was " + keep);
        BackupCatalog catalog = BackupCatalog.read(backupsDir);
        List<BackupManifest> all = catalog.backups();
        if (all.isEmpty()) return new Pruned(List.of(), List.of());
        List<Path> deleted = new ArrayList<>();
        List<BackupManifest> expired = all.subList(0, Math.max(0, all.size() - keep));
        BackupManifest oldestKept = all.get(expired.size());
        for (BackupManifest b : expired) {
            // the manifest first: a half-deleted backup must never look finished
            Files.deleteIfExists(b.directory().resolve(BackupManifestFile.FILE_NAME));
            deleteTree(b.directory());
            deleted.add(b.directory());
        }
        deleted.addAll(unfinishedBefore(backupsDir, oldestKept));
        return new Pruned(deleted, pruneArchive(archiveDir, oldestKept));
    }

    /** Directories of backups that never finished (no manifest) and started before the oldest kept one. */
    private static List<Path> unfinishedBefore(Path backupsDir, BackupManifest oldestKept) throws IOException {
        List<Path> deleted = new ArrayList<>();
        try (Stream<Path> entries = Files.list(backupsDir)) {
            for (Path d : entries.filter(Files::isDirectory).toList()) {
                if (Files.exists(d.resolve(BackupManifestFile.FILE_NAME))) continue;
                if (Files.getLastModifiedTime(d).toInstant().isBefore(oldestKept.startedAt())) {
                    deleteTree(d);
                    deleted.add(d);
                }
            }
        }
        return deleted;
    }

    private static List<Path> pruneArchive(Path archiveDir, BackupManifest oldestKept) throws IOException {
        if (!Files.isDirectory(archiveDir)) return List.of();
        Path label = oldestKept.directory().resolve("backup_label");
        Optional<Long> firstNeeded = Files.isRegularFile(label)
                ? WalPosition.startSegmentFile(Files.readString(label, StandardCharsets.UTF_8))
                        .flatMap(f -> WalPosition.segmentNumberOf(f, WalPosition.DEFAULT_SEGMENT_BYTES))
                : Optional.empty();
        if (firstNeeded.isEmpty()) {
            LOG.warn("no readable backup_label in {}: the WAL archive {} is left as it is", oldestKept.directory(), archiveDir);
            return List.of();
        }
        List<Path> deleted = new ArrayList<>();
        try (Stream<Path> files = Files.list(archiveDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Optional<Long> segment = WalPosition.segmentNumberOf(f.getFileName().toString(), WalPosition.DEFAULT_SEGMENT_BYTES);
                if (segment.isPresent() && segment.get() < firstNeeded.get()) {
                    Files.deleteIfExists(f);
                    deleted.add(f);
                }
            }
        }
        return deleted;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
