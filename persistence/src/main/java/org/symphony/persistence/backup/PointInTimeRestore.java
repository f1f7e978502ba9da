package org.symphony.persistence.backup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.persistence.DatabaseSettings;
import org.symphony.persistence.SymphonyDatabase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Point-in-time recovery with the server's own machinery: a base backup copied into a fresh directory,
 * recovery.signal, and restore_command / recovery_target_time / recovery_target_action = 'promote' in
 * postgresql.auto.conf. The server then starts with hot_standby off, so it accepts no connection before recovery
 * has reached the target and promoted: "started" means "restored". The recovery settings are reset afterwards, so the
 * directory starts later as an ordinary cluster.
 */
public final class PointInTimeRestore {

    private static final Logger LOG = LoggerFactory.getLogger(PointInTimeRestore.class);
    private static final DateTimeFormatter PG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);
    /** Settings the restore adds for its own run and removes once recovery ended. */
    private static final List<String> RECOVERY_SETTINGS = List.of("restore_command", "recovery_target_time",
            "recovery_target_action", "hot_standby", "logging_collector", "log_directory");
    private static final String LOG_DIR = "log";
    /** How often a recovering server's log is looked at for its giving up. */
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(250);
    private static final Pattern SERVER_ERROR = Pattern.compile("(?:FATAL|PANIC):\\s*(.*)");

    private PointInTimeRestore() {
    }

    public static Restored restore(RestoreRequest request) throws RestoreException {
        long started = System.nanoTime();
        requireEmptyIfPresent(request.targetDir());
        BackupManifest base = chooseBase(request);
        requireArchiveFor(base, request.archiveDir());
        requireArchiveReaches(request.archiveDir(), request.targetTime());
        if (!Files.isRegularFile(request.credentialsFile()))
            throw new RestoreException("no credentials file " + request.credentialsFile() + ": the restored server's roles"
                    + " need the original node's passwords");
        requireFreshTarget(request.targetDir()); // last: a refused restore leaves no directory behind
        try {
            copyBackup(base.directory(), request.targetDir());
            Files.copy(request.credentialsFile(), SymphonyDatabase.embeddedCredentialsFile(request.targetDir()),
                    StandardCopyOption.COPY_ATTRIBUTES);
            writeRecoveryConfig(request.targetDir(), request.archiveDir(), request.targetTime());
        } catch (IOException e) {
            throw new RestoreException("cannot write the restored cluster into " + request.targetDir() + ": " + e.getMessage(), e);
        }
        LOG.info("restoring {} from base backup {} and the WAL in {} up to {}", request.targetDir(), base.label(),
                request.archiveDir(), request.targetTime());
        SymphonyDatabase db = startRecovering(request);
        try {
            Recovered r = finishRecovery(db, request.targetDir(), base);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Optional<SymphonyDatabase> running = request.keepRunning() ? Optional.of(db) : Optional.empty();
            Restored restored = new Restored(base, request.targetDir(), SymphonyDatabase.embeddedCredentialsFile(request.targetDir()),
                    db.jdbcUrl(), r.timeline(), r.endLsn(), r.segments(), took, running);
            if (!request.keepRunning()) db.close();
            return restored;
        } catch (SQLException | IOException | RuntimeException e) {
            db.close();
            throw new RestoreException("the restored server came up but could not be checked: " + e.getMessage(), e);
        }
    }

    /**
     * Starts the server and waits for it to come out of recovery. A recovery that fails (e.g. no transaction after the
     * target in the archive) ends the postmaster with a FATAL line, while the launcher would go on waiting for the
     * whole timeout: the log is watched, and the restore fails as soon as the server has given up.
     */
    private static SymphonyDatabase startRecovering(RestoreRequest request) throws RestoreException {
        ExecutorService launcher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "restore-launcher");
            t.setDaemon(true); // after a failure it may still be waiting for the dead server: it must not hold the JVM
            return t;
        });
        try {
            Future<SymphonyDatabase> starting = launcher.submit(() -> SymphonyDatabase.start(serverSettings(request)));
            while (true) {
                try {
                    return starting.get(WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRecovering) {
                    Optional<String> fatal = lastServerError(request.targetDir());
                    if (fatal.isPresent() && !Files.exists(request.targetDir().resolve("postmaster.pid")))
                        throw recoveryFailed(request, fatal.get(), null);
                } catch (ExecutionException e) {
                    throw recoveryFailed(request, lastServerError(request.targetDir()).orElse(String.valueOf(e.getCause().getMessage())), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreException("interrupted while " + request.targetDir() + " was recovering", e);
        } finally {
            launcher.shutdown();
        }
    }

    private static RestoreException recoveryFailed(RestoreRequest request, String why, Throwable cause) {
        String hint = why.contains("before configured recovery target")
                ? "; the archive holds no transaction after " + request.targetTime() + " yet: choose an earlier time"
                : "";
        return new RestoreException("the restored server did not finish recovery: " + why + hint + " (server log in "
                + request.targetDir().resolve(LOG_DIR) + ")", cause);
    }

    /**
     * Refuses a target time after the newest archived segment was archived: no transaction after it can be in the
     * archive, so recovery could never reach it.
     */
    private static void requireArchiveReaches(Path archive, Instant target) throws RestoreException {
        Optional<Instant> newest;
        try (Stream<Path> files = Files.list(archive)) {
            newest = files.filter(f -> f.getFileName().toString().matches("[0-9A-F]{24}")).map(f -> {
                try {
                    return Files.getLastModifiedTime(f).toInstant();
                } catch (IOException e) {
                    return Instant.MIN;
                }
            }).max(Comparator.naturalOrder());
        } catch (IOException e) {
            throw new RestoreException("cannot read the WAL archive " + archive + ": " + e.getMessage(), e);
        }
        if (newest.isPresent() && target.isAfter(newest.get()))
            throw new RestoreException("the WAL archive " + archive + " ends with a segment archived at " + newest.get()
                    + ": nothing after it can be restored yet; choose an earlier time, or wait until more WAL is archived"
                    + " (symphony.persistence.embedded.wal-archive.timeout)");
    }

    private static DatabaseSettings serverSettings(RestoreRequest r) {
        return r.server().withoutExternal().withEphemeral(false).withDataDir(r.targetDir()).withWalArchive(WalArchive.OFF)
                .withPoolSize(1).withOwnerPoolSize(1).withStartupTimeout(r.timeout());
    }

    private static void requireEmptyIfPresent(Path target) throws RestoreException {
        if (!Files.exists(target)) return;
        if (!Files.isDirectory(target)) throw new RestoreException("target " + target + " is not a directory");
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent())
                throw new RestoreException("target " + target + " is not empty: restore into a fresh directory");
        } catch (IOException e) {
            throw new RestoreException("cannot read target " + target + ": " + e.getMessage(), e);
        }
    }

    private static void requireFreshTarget(Path target) throws RestoreException {
        requireEmptyIfPresent(target);
        try {
            Files.createDirectories(target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            Path probe = Files.createTempFile(target, ".write-probe", "");
            Files.delete(probe);
        } catch (IOException e) {
            throw new RestoreException("cannot write into target " + target + ": " + e.getMessage(), e);
        }
    }

    private static BackupManifest chooseBase(RestoreRequest request) throws RestoreException {
        BackupCatalog catalog;
        try {
            catalog = BackupCatalog.read(request.backupsDir());
        } catch (IOException e) {
            throw new RestoreException("cannot read the base backups in " + request.backupsDir() + ": " + e.getMessage(), e);
        }
        BackupManifest first = catalog.oldest().orElseThrow(
                () -> new RestoreException("no base backup in " + request.backupsDir() + ": take one with `symphony backup`"));
        return catalog.latestFinishedBefore(request.targetTime()).orElseThrow(() -> new RestoreException(
                request.targetTime() + " is before the first base backup in " + request.backupsDir() + " (finished "
                        + first.stoppedAt() + "): nothing to restore from"));
    }

    private static void requireArchiveFor(BackupManifest base, Path archive) throws RestoreException {
        if (!Files.isDirectory(archive)) throw new RestoreException("no WAL archive at " + archive);
        Optional<String> first;
        try {
            first = WalPosition.startSegmentFile(Files.readString(base.directory().resolve("backup_label"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RestoreException("base backup " + base.directory() + " has no readable backup_label: " + e.getMessage(), e);
        }
        if (first.isEmpty()) throw new RestoreException("base backup " + base.directory() + " has a damaged backup_label");
        if (!Files.isRegularFile(archive.resolve(first.get())))
            throw new RestoreException("the WAL archive " + archive + " lacks segment " + first.get() + ", the first one base backup "
                    + base.label() + " needs");
    }

    /** The backup's files as they are, backup_label included (recovery starts from it), without our manifest. */
    private static void copyBackup(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path relative = from.relativize(file);
                if (relative.toString().equals(BackupManifestFile.FILE_NAME)) return FileVisitResult.CONTINUE;
                Path into = to.resolve(relative.toString());
                if (attrs.isSymbolicLink()) Files.createSymbolicLink(into, Files.readSymbolicLink(file));
                else Files.copy(file, into, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void writeRecoveryConfig(Path dataDir, Path archive, Instant target) throws IOException {
        Files.createFile(dataDir.resolve("recovery.signal"));
        String conf = "\n# symphony restore: recovery up to " + target + " (reset once recovery ended)\n"
                + "restore_command = '" + WalArchive.restoreCommand(archive) + "'\n"
                + "recovery_target_time = '" + PG_TIME.format(target) + "'\n"
                + "recovery_target_action = 'promote'\n"
                + "hot_standby = 'off'\n"
                + "logging_collector = 'on'\n"
                + "log_directory = '" + LOG_DIR + "'\n";
        Files.writeString(dataDir.resolve("postgresql.auto.conf"), conf, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private record Recovered(int timeline, String endLsn, long segments) {
    }

    /** Checks the server left recovery, reads where it stopped (the new timeline's history), resets the settings. */
    private static Recovered finishRecovery(SymphonyDatabase db, Path dataDir, BackupManifest base) throws SQLException, IOException {
        try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (rs.getBoolean(1)) throw new SQLException("the restored server is still in recovery");
            }
            for (String setting : RECOVERY_SETTINGS) s.execute("ALTER SYSTEM RESET " + setting);
        }
        Path history = newestHistory(dataDir.resolve("pg_wal"))
                .orElseThrow(() -> new IOException("no timeline history in " + dataDir.resolve("pg_wal") + ": recovery did not switch timeline"));
        String name = history.getFileName().toString();
        int timeline = Integer.parseInt(name.substring(0, name.indexOf('.')), 16);
        String switchLsn = switchPoint(Files.readAllLines(history, StandardCharsets.UTF_8));
        long segments = WalPosition.segmentNumber(WalPosition.lsn(switchLsn), WalPosition.DEFAULT_SEGMENT_BYTES)
                - WalPosition.segmentNumber(WalPosition.lsn(base.startLsn()), WalPosition.DEFAULT_SEGMENT_BYTES) + 1;
        return new Recovered(timeline, switchLsn, segments);
    }

    private static Optional<Path> newestHistory(Path pgWal) throws IOException {
        try (Stream<Path> files = Files.list(pgWal)) {
            return files.filter(f -> f.getFileName().toString().matches("[0-9A-F]{8}\\.history"))
                    .max(Comparator.comparing(f -> f.getFileName().toString()));
        }
    }

    /** The last history line "parentTLI<tab>switchLSN<tab>reason": where the parent timeline's replay ended. */
    private static String switchPoint(List<String> lines) throws IOException {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+");
            if (parts.length >= 2) return parts[1];
        }
        throw new IOException("empty timeline history");
    }

    /** PostgreSQL's own reason (its last FATAL or PANIC line) when the restored server gave up. */
    private static Optional<String> lastServerError(Path dataDir) {
        Path logs = dataDir.resolve(LOG_DIR);
        if (!Files.isDirectory(logs)) return Optional.empty();
        try (Stream<Path> files = Files.list(logs)) {
            Optional<String> last = Optional.empty();
            for (Path f : files.sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    Matcher m = SERVER_ERROR.matcher(line);
                    if (m.find()) last = Optional.of(m.group(1).trim());
                }
            }
            return last;
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
