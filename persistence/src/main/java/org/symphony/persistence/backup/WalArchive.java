package org.symphony.persistence.backup;

import com.typesafe.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Continuous WAL archiving of the embedded server ({@code symphony.persistence.embedded.wal-archive}): every finished
 * WAL segment is copied into {@link #directory}, and {@code timeout} forces a segment out on a quiet node, so that a
 * point-in-time restore can reach any moment up to about {@code timeout} ago. An external database's archiving is its
 * DBA's.
 *
 * @param dir empty: {@value #DEFAULT_DIR_NAME} beside the data directory (in the node home)
 */
public record WalArchive(boolean enabled, Optional<Path> dir, Duration timeout) {

    public static final String DEFAULT_DIR_NAME = "wal-archive";
    public static final WalArchive OFF = new WalArchive(false, Optional.empty(), Duration.ofSeconds(60));

    /** The shell runs archive_command and restore_command: no quote, backslash, dollar or backtick in the path. */
    private static final Pattern SHELL_SAFE_PATH = Pattern.compile("[^'\"\\\\$`\\n]+");

    public WalArchive {
        dir = dir == null ? Optional.empty() : dir;
        if (timeout == null || timeout.isNegative() || timeout.isZero())
            throw new IllegalArgumentException("wal-archive.timeout must be positive, was " + timeout);
        dir.ifPresent(d -> requireShellSafe(d.toString()));
    }

    public static WalArchive fromConfig(Config walArchive) {
        String dir = walArchive.getString("dir");
        return new WalArchive(walArchive.getBoolean("enabled"), dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir)),
                walArchive.getDuration("timeout"));
    }

    public WalArchive withEnabled(boolean value) {
        return new WalArchive(value, dir, timeout);
    }

    public WalArchive withDir(Path value) {
        return new WalArchive(enabled, Optional.of(value), timeout);
    }

    /** Where the segments go for the cluster in {@code dataDir}. */
    public Path directory(Path dataDir) {
        Path d = dir.orElseGet(() -> defaultDirectory(dataDir));
        return d.toAbsolutePath().normalize();
    }

    public static Path defaultDirectory(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolveSibling(DEFAULT_DIR_NAME);
    }

    /** The server settings that turn archiving on (archive_mode needs a server start). */
    public Map<String, String> serverConfig(Path dataDir) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("archive_mode", "on");
        c.put("archive_command", archiveCommand(directory(dataDir)));
        c.put("archive_timeout", Long.toString(Math.max(1, timeout.toSeconds())));
        return c;
    }

    /**
     * Copies %p to a temp name, flushes it and renames it, so the archive never holds a half-written segment. A
     * segment already archived is accepted only when identical (PostgreSQL retries after a crash between the copy and
     * its own bookkeeping); a different file of that name fails the command, and PostgreSQL keeps retrying (and
     * keeps the segment) until someone looks.
     */
    static String archiveCommand(Path archive) {
        String to = requireShellSafe(archive.toString()) + "/%f";
        return "if [ -f \"" + to + "\" ]; then cmp -s \"%p\" \"" + to + "\"; else cp \"%p\" \"" + to + ".tmp\" && sync \""
                + to + ".tmp\" && mv \"" + to + ".tmp\" \"" + to + "\"; fi";
    }

    /** For a restore: copies a segment (or history file) out of the archive; fails when it is not there. */
    public static String restoreCommand(Path archive) {
        return "cp \"" + requireShellSafe(archive.toAbsolutePath().normalize().toString()) + "/%f\" \"%p\"";
    }

    static String requireShellSafe(String path) {
        if (!SHELL_SAFE_PATH.matcher(path).matches())
            throw new IllegalArgumentException("the WAL archive path must not contain quotes, backslashes, $ or backticks: " + path);
        return path;
    }
}
