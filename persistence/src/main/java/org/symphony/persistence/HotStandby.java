package org.symphony.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.persistence.backup.BackupManifest;
import org.symphony.persistence.backup.BaseBackup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A hot standby PostgreSQL 18 run by the project (the zonky binaries, started by the embedded server's own launcher):
 * seeded from the primary with a {@link BaseBackup} when its directory is empty, streaming from the primary over a
 * physical slot, read-only until {@link #promote promoted}. {@link #makeSynchronous} makes the primary wait for it on
 * every commit, so that nothing acknowledged is lost when the primary dies (RPO = 0).
 */
public final class HotStandby implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HotStandby.class);
    /** How often the replication state is asked again while waiting for it. */
    private static final Duration POLL = Duration.ofMillis(100);

    private final EmbeddedServer server;
    private final StandbySettings settings;
    private final PrimaryLogin primary;

    private HotStandby(EmbeddedServer server, StandbySettings settings, PrimaryLogin primary) {
        this.server = server;
        this.settings = settings;
        this.primary = primary;
    }

    /**
     * Prepares the primary (replication role, slot), seeds {@code settings.dataDir()} from it if that holds no
     * cluster yet, starts the standby and waits until it streams.
     *
     * @param server the primary's server settings (max_connections and the like must not be lower on a standby)
     * @throws DatabaseStartException it could not be seeded, started, or did not stream in time
     */
    public static HotStandby start(StandbySettings settings, DatabaseSettings server, PrimaryLogin primary) {
        Path dir = settings.dataDir().toAbsolutePath().normalize();
        ReplicationCredentials role = ReplicationCredentials.loadOrCreate(ReplicationCredentials.fileFor(dir), settings.replicationUser());
        String slot = settings.applicationName();
        boolean seeded = Files.exists(dir.resolve("PG_VERSION"));
        if (seeded && !Files.exists(dir.resolve(StandbySeed.SIGNAL)))
            throw new DatabaseStartException(dir + " holds a cluster that is no standby (promoted, or another node's):"
                    + " give the standby an empty directory");
        try (Connection c = primary.connect()) {
            ReplicationPrimary.prepare(c, role, slot, settings.maxSlotWalKeepSize());
            String conninfo = StandbySeed.conninfo(settings.primaryHost(), Integer.parseInt(show(c, "port")), role, settings.applicationName());
            if (!seeded) seed(c, Path.of(show(c, "data_directory")), dir, settings.applicationName());
            StandbySeed.configure(dir, conninfo, slot); // again on every start: the primary's port may have changed
        } catch (SQLException | IOException e) {
            throw new DatabaseStartException("Could not prepare the standby in " + dir + " from " + primary + ": " + e.getMessage(), e);
        }
        HotStandby standby = new HotStandby(EmbeddedServer.startCopy(settings.server(server)), settings, primary);
        try {
            standby.await("streaming", ReplicationPrimary.Replication::streaming);
        } catch (RuntimeException e) {
            standby.close();
            throw e;
        }
        LOG.info("Hot standby {} streaming from {} on port {}", settings.applicationName(), primary, standby.port());
        return standby;
    }

    private static void seed(Connection primary, Path primaryDataDir, Path dir, String applicationName) throws IOException, SQLException {
        try {
            // No archive wait: the standby streams the backup's WAL from the slot made above.
            BackupManifest backup = BaseBackup.take(primary, primaryDataDir, dir, "symphony standby " + applicationName + " " + Instant.now(), false);
            StandbySeed.copyCredentials(primaryDataDir, dir);
            LOG.info("Seeded standby {} from {}: {} files, {} bytes, WAL {}..{}", dir, primaryDataDir, backup.files(), backup.bytes(),
                    backup.startLsn(), backup.stopLsn());
        } catch (IOException | SQLException | RuntimeException e) {
            deleteQuietly(dir); // a half copy must not pass for a standby at the next start
            throw e;
        }
    }

    /**
     * Makes the primary synchronous on this standby and waits until it reports sync_state = sync.
     *
     * @return the primary's view of the replication once synchronous
     */
    public ReplicationPrimary.Replication makeSynchronous() {
        try (Connection c = primary.connect()) {
            ReplicationPrimary.makeSynchronous(c, settings.applicationName());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not make " + primary + " synchronous: " + e.getMessage(), e);
        }
        return await("synchronous", ReplicationPrimary.Replication::synchronous);
    }

    /** The primary's view of this standby's replication now; empty when not connected (or the primary is gone). */
    public Optional<ReplicationPrimary.Replication> replication() {
        try (Connection c = primary.connect()) {
            return ReplicationPrimary.replication(c, settings.applicationName());
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code pg_promote()}: ends recovery, the standby becomes a writable primary (on its own timeline).
     *
     * @return how long the promotion took
     * @throws IllegalStateException it did not finish within promote-timeout
     */
    public Duration promote() {
        long start = System.nanoTime();
        try (Connection c = superuserLogin().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_promote(true, " + settings.promoteTimeout().toSeconds() + ")")) {
            if (!rs.next() || !rs.getBoolean(1))
                throw new IllegalStateException("standby " + settings.applicationName() + " was not promoted within " + settings.promoteTimeout());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not promote standby " + settings.applicationName() + ": " + e.getMessage(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.warn("Standby {} promoted in {} ms: it is now a primary on port {}", settings.applicationName(), took.toMillis(), port());
        return took;
    }

    /** True while the server is a standby (in recovery), false once promoted. */
    public boolean inRecovery() throws SQLException {
        try (Connection c = superuserLogin().connect()) {
            return Boolean.parseBoolean(query(c, "SELECT pg_is_in_recovery()::text"));
        }
    }

    /** The superuser of the standby (the primary's, copied): after promotion, the new primary's login. */
    public PrimaryLogin superuserLogin() {
        return new PrimaryLogin(jdbcUrl(), server.credentials().ownerUser(), server.credentials().ownerPassword());
    }

    /** The primary it streams from. */
    public PrimaryLogin primaryLogin() {
        return primary;
    }

    /** The node's runtime role and password (the primary's, copied). */
    public String runtimeUser() {
        return server.credentials().runtimeUser();
    }

    public String runtimePassword() {
        return server.credentials().runtimePassword();
    }

    public String jdbcUrl() {
        return server.jdbcUrl();
    }

    public int port() {
        return server.port();
    }

    public Path dataDir() {
        return settings.dataDir().toAbsolutePath().normalize();
    }

    public String applicationName() {
        return settings.applicationName();
    }

    /** Stops the standby's server (fast shutdown); its directory stays, to be started again or promoted later. */
    @Override
    public void close() {
        server.close();
    }

    private ReplicationPrimary.Replication await(String what, java.util.function.Predicate<ReplicationPrimary.Replication> done) {
        long deadline = System.nanoTime() + settings.streamingTimeout().toNanos();
        Optional<ReplicationPrimary.Replication> last = Optional.empty();
        while (System.nanoTime() - deadline < 0) {
            last = replication();
            if (last.filter(done).isPresent()) return last.get();
            LockSupport.parkNanos(POLL.toNanos());
        }
        throw new DatabaseStartException("standby " + settings.applicationName() + " not " + what + " within " + settings.streamingTimeout()
                + " (the primary reports " + last.map(Object::toString).orElse("no replication connection") + ")");
    }

    private static String show(Connection c, String setting) throws SQLException {
        return query(c, "SHOW " + setting); // fixed names only
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not remove the half-seeded standby {}: {}", dir, e.getMessage());
        }
    }
}
