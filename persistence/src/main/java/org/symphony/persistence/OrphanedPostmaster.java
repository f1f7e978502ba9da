package org.symphony.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Clears what a killed node leaves in its embedded data directory.
 *
 * <p>pg_ctl daemonizes the postmaster, so when the node's JVM dies without running its shutdown hook (kill -9, OOM
 * kill) the postmaster keeps running and keeps the data directory; the next start would fail with "lock file
 * postmaster.pid already exists". zonky guards each data directory with a file lock ({@value #ZONKY_LOCK_FILE}) that
 * the OS releases when the owning JVM dies. So: if nobody holds that lock but postmaster.pid names a live postmaster
 * of this directory, that postmaster is an orphan and is stopped with a fast shutdown (SIGINT: clean checkpoint, no
 * data loss). A postmaster.pid naming a dead process is left to PostgreSQL, which removes it itself.
 */
final class OrphanedPostmaster {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmaster.class);
    static final String ZONKY_LOCK_FILE = "epg-lock";
    private static final String PID_FILE = "postmaster.pid";

    private OrphanedPostmaster() {
    }

    /** Fails if a live node owns {@code dataDir}; otherwise stops an orphaned postmaster there, if any. */
    static void clear(Path dataDir, Duration timeout) {
        Path lockFile = dataDir.resolve(ZONKY_LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return; // zonky never started a server here
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = tryLock(channel)) {
            if (lock == null) {
                throw new DatabaseStartException("Embedded database directory " + dataDir
                        + " is in use by another running Symphony node; give this node its own data-dir");
            }
            stopIfRunning(dataDir, timeout);
        } catch (IOException e) {
            throw new DatabaseStartException("Cannot inspect embedded database directory " + dataDir, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by another SymphonyDatabase in this JVM
        }
    }

    /**
     * The live process that postmaster.pid in {@code dataDir} names; none when there is no pid file, an unreadable
     * one, or its process is gone.
     */
    static Optional<ProcessHandle> livePostmaster(Path dataDir) {
        try {
            return recordedPid(dataDir.resolve(PID_FILE)).flatMap(OrphanedPostmaster::liveProcess);
        } catch (IOException e) {
            return Optional.empty(); // no pid file (or an unreadable one): no postmaster
        }
    }

    private static void stopIfRunning(Path dataDir, Duration timeout) throws IOException {
        Path pidFile = dataDir.resolve(PID_FILE);
        Optional<Long> pid;
        try {
            pid = recordedPid(pidFile);
        } catch (NoSuchFileException e) {
            return;
        }
        if (pid.isEmpty()) {
            // PostgreSQL refuses to start on an empty/garbled pid file; with the lock held nobody is starting here.
            LOG.warn("Removing unreadable {} in {}", PID_FILE, dataDir);
            Files.deleteIfExists(pidFile);
            return;
        }
        Optional<ProcessHandle> process = liveProcess(pid.get());
        if (process.isEmpty()) {
            return; // dead postmaster: PostgreSQL clears its stale pid file itself
        }
        if (!isPostmasterOf(process.get(), dataDir)) {
            // The pid was reused by an unrelated process; PostgreSQL would refuse to start because that pid is alive.
            LOG.warn("Removing stale {} in {}: pid {} is now another process", PID_FILE, dataDir, pid.get());
            Files.deleteIfExists(pidFile);
            return;
        }
        LOG.warn("Stopping orphaned PostgreSQL postmaster (pid {}) left running in {} by a previous run", pid.get(), dataDir);
        fastShutdown(process.get(), timeout);
    }

    /** The pid on the pid file's first line; empty when that line is missing or garbled. */
    private static Optional<Long> recordedPid(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        return lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0));
    }

    private static Optional<ProcessHandle> liveProcess(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostmasterOf(ProcessHandle process, Path dataDir) {
        ProcessHandle.Info info = process.info();
        boolean isPostgres = info.command().map(c -> Path.of(c).getFileName().toString().equals("postgres")).orElse(false);
        String dir = dataDir.toString();
        boolean servesDir = info.arguments().map(args -> List.of(args).contains(dir)).orElse(false);
        return isPostgres && servesDir;
    }

    private static void fastShutdown(ProcessHandle postmaster, Duration timeout) throws IOException {
        // The JDK can only send SIGTERM ("smart": waits for every client to leave) or SIGKILL (leaves backends and
        // shared memory behind); SIGINT is PostgreSQL's fast shutdown.
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid()))
                .redirectErrorStream(true)
                .start();
        try {
            if (!kill.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill.destroyForcibly();
                throw new DatabaseStartException("Could not signal orphaned postmaster " + postmaster.pid() + " within " + timeout);
            }
            if (kill.exitValue() != 0) {
                throw new DatabaseStartException("Could not signal orphaned postmaster " + postmaster.pid()
                        + ": " + new String(kill.getInputStream().readAllBytes()).trim());
            }
            postmaster.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DatabaseStartException("Orphaned postmaster " + postmaster.pid() + " did not stop within " + timeout, e);
        } catch (ExecutionException e) {
            throw new DatabaseStartException("Waiting for orphaned postmaster " + postmaster.pid() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseStartException("Interrupted while stopping orphaned postmaster " + postmaster.pid(), e);
        }
    }
}
