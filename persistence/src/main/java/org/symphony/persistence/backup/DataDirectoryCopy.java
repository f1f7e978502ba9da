package org.symphony.persistence.backup;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * Copies a running cluster's data directory the way PostgreSQL's backup API expects (the list pg_basebackup leaves
 * out): files change and vanish under the copy, which is fine because recovery replays the WAL from the backup's
 * start. Symbolic links (pg_tblspc) are copied as links; the tablespaces they point to are not copied.
 */
final class DataDirectoryCopy {

    /** Directories whose contents are rebuilt or meaningless after a restore; the empty directory is kept. */
    private static final Set<String> CONTENTS_SKIPPED = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");

    /** Top-level files of the running server, or of an earlier backup, that must not be in a new one. */
    private static final Set<String> TOP_FILES_SKIPPED = Set.of("postmaster.pid", "postmaster.opts", "backup_label",
            "tablespace_map", "backup_manifest", "recovery.signal", "standby.signal", BackupManifestFile.FILE_NAME);

    private static final Set<String> FILES_SKIPPED = Set.of("postgresql.auto.conf.tmp", "current_logfiles.tmp");

    private static final String TEMP_PREFIX = "pgsql_tmp";
    private static final String RELCACHE_INIT = "pg_internal.init";

    record Totals(long files, long bytes) {
    }

    private DataDirectoryCopy() {
    }

    static Totals copy(Path source, Path target) throws IOException {
        long[] counts = new long[2];
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path relative = source.relativize(dir);
                if (isTemp(dir)) return FileVisitResult.SKIP_SUBTREE;
                Files.createDirectories(target.resolve(relative.toString()));
                if (relative.getNameCount() == 1 && CONTENTS_SKIPPED.contains(relative.toString())) {
                    if (relative.toString().equals("pg_wal")) Files.createDirectories(target.resolve("pg_wal/archive_status"));
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path relative = source.relativize(file);
                if (skipped(relative)) return FileVisitResult.CONTINUE;
                Path to = target.resolve(relative.toString());
                try {
                    if (attrs.isSymbolicLink()) {
                        Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                    } else {
                        Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                        counts[1] += Files.size(to);
                    }
                    counts[0]++;
                } catch (NoSuchFileException gone) {
                    // dropped or truncated away under the copy: the WAL replay recreates whatever still matters
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                throw e;
            }
        });
        return new Totals(counts[0], counts[1]);
    }

    private static boolean skipped(Path relative) {
        String name = relative.getFileName().toString();
        if (relative.getNameCount() == 1 && TOP_FILES_SKIPPED.contains(name)) return true;
        return FILES_SKIPPED.contains(name) || name.startsWith(RELCACHE_INIT) || isTemp(relative);
    }

    private static boolean isTemp(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(TEMP_PREFIX);
    }
}
