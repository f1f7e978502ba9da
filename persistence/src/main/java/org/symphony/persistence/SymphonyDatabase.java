package org.symphony.persistence;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The node's PostgreSQL 18: an embedded server (default) or an external one ({@code SYMPHONY_DB_URL}), checked for
 * version at start and reachable through two bounded connection pools: {@link #dataSource()} as the runtime role,
 * which may append to the attestation tables but never change them (migration V6), and the small
 * {@link #ownerDataSource()} as the schema owner, for migrations and partition DDL only. Closing it closes the pools
 * and stops the embedded server (deleting its directory when ephemeral).
 *
 * <p>Blocking JDBC: callers inside actors must use a dedicated blocking dispatcher.
 */
public final class SymphonyDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SymphonyDatabase.class);

    private final Optional<EmbeddedServer> embedded;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final HikariDataSource dataSource;
    private final HikariDataSource ownerDataSource;
    private final ServerVersion serverVersion;
    private final WritableProbe probe;

    private SymphonyDatabase(Optional<EmbeddedServer> embedded, String jdbcUrl, String user, String password,
                             HikariDataSource dataSource, HikariDataSource ownerDataSource, ServerVersion serverVersion) {
        this.embedded = embedded;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.dataSource = dataSource;
        this.ownerDataSource = ownerDataSource;
        this.serverVersion = serverVersion;
        this.probe = new WritableProbe(jdbcUrl, user, password);
    }

    /**
     * Starts the embedded server or connects to the external one, then refuses servers older than PostgreSQL 18.
     *
     * @throws UnsupportedDatabaseException the server is older than PostgreSQL 18
     * @throws DatabaseStartException       the server could not be started or reached
     */
    public static SymphonyDatabase start(DatabaseSettings settings) {
        Optional<EmbeddedServer> embedded = Optional.empty();
        HikariDataSource ownerPool = null;
        HikariDataSource runtimePool = null;
        try {
            String url;
            Login owner;
            Login runtime;
            if (settings.external().isPresent()) {
                DatabaseSettings.External external = settings.external().get();
                url = external.url();
                owner = new Login(external.user(), external.password());
                if (external.hasRuntimeRole()) {
                    runtime = new Login(external.runtimeUser(), external.runtimePassword());
                } else {
                    runtime = owner;
                    LOG.warn("No runtime role for {} (SYMPHONY_DB_RUNTIME_USER / symphony.persistence.external.runtime-user):"
                            + " the node runs with the owner's rights ({}), so its own connections could UPDATE, DELETE or"
                            + " TRUNCATE the attestation chain", JdbcUrls.redact(url), owner.user());
                }
            } else {
                embedded = Optional.of(EmbeddedServer.start(settings));
                url = embedded.get().jdbcUrl();
                EmbeddedCredentials credentials = embedded.get().credentials();
                owner = new Login(credentials.ownerUser(), credentials.ownerPassword());
                runtime = new Login(credentials.runtimeUser(), credentials.runtimePassword());
            }
            ownerPool = ConnectionPool.open("symphony-db-owner", settings.ownerPoolSize(), url, owner.user(), owner.password(), settings);
            runtimePool = ConnectionPool.open("symphony-db", settings.poolSize(), url, runtime.user(), runtime.password(), settings);
            ServerVersion version = readVersion(runtimePool).requireSupported(url);
            SymphonyDatabase db = new SymphonyDatabase(embedded, url, runtime.user(), runtime.password(), runtimePool, ownerPool, version);
            db.logDurability();
            return db;
        } catch (RuntimeException e) {
            if (runtimePool != null) runtimePool.close();
            if (ownerPool != null) ownerPool.close();
            embedded.ifPresent(EmbeddedServer::close);
            throw e;
        }
    }

    private record Login(String user, String password) {
    }

    /** Where the embedded server of {@code dataDir} keeps its roles' passwords: beside it (restores copy it along). */
    public static Path embeddedCredentialsFile(Path dataDir) {
        return EmbeddedCredentials.fileFor(dataDir);
    }

    /**
     * Brings the schema up to date as the owner and grants the runtime role its rights (V6). Safe on every start.
     */
    public Migrations.Outcome migrate() {
        return Migrations.migrate(ownerDataSource, user == null ? currentUser() : user);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The runtime role the node's pools (and dev.json) use; the owner's user when an external setup gives none. */
    public String user() {
        return user;
    }

    /** The runtime role's password; may be null for an external server that needs none. */
    public String password() {
        return password;
    }

    /**
     * The node's pool (size {@code symphony.persistence.pool-size}), as the runtime role: INSERT and SELECT on the
     * attestation tables, no UPDATE, DELETE or TRUNCATE. Do not close it, close this instead.
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * The owner's pool (size {@code symphony.persistence.owner-pool-size}): migrations and DDL the node needs at run
     * time (ingress_attestation partitions). Everything else uses {@link #dataSource()}.
     */
    public DataSource ownerDataSource() {
        return ownerDataSource;
    }

    /** The embedded server's owner and runtime credentials (for tests in this package); empty when external. */
    Optional<EmbeddedCredentials> embeddedCredentials() {
        return embedded.map(EmbeddedServer::credentials);
    }

    public boolean isEmbedded() {
        return embedded.isPresent();
    }

    public ServerVersion serverVersion() {
        return serverVersion;
    }

    /** fsync, synchronous_commit and full_page_writes as the server reports them now. */
    public DurabilityReport durabilityReport() {
        try (Connection c = dataSource.getConnection()) {
            return new DurabilityReport(show(c, "fsync"), show(c, "synchronous_commit"), show(c, "full_page_writes"));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read durability settings from " + JdbcUrls.redact(jdbcUrl), e);
        }
    }

    /**
     * One write-capable round trip on a connection of its own, kept between probes (see {@link WritableProbe}; not the
     * pool: an exhausted or dead pool must not hide or delay the answer): the server is reachable, takes the runtime role's login, and is not read-only
     * ({@code pg_current_xact_id()} needs a writable primary, as the journal and the attestation writer do).
     *
     * @return empty when writable, else why not
     */
    public Optional<String> probeWritable(java.time.Duration timeout) {
        return probe.probe(timeout);
    }

    /** False when the embedded server's postmaster is gone (killed or crashed); always true for an external server. */
    public boolean serverProcessAlive() {
        return embedded.map(EmbeddedServer::postmasterAlive).orElse(true);
    }

    /**
     * Starts a dead embedded postmaster again on its directory and port; the pools reconnect by themselves.
     *
     * @throws DatabaseStartException it could not start (yet); retry with backoff
     * @throws IllegalStateException  the database is external: nothing here can restart it
     */
    public void restartEmbeddedServer() {
        embedded.orElseThrow(() -> new IllegalStateException("an external database is not restarted by the node")).restart();
    }

    @Override
    public void close() {
        dataSource.close();
        ownerDataSource.close();
        probe.close();
        embedded.ifPresent(EmbeddedServer::close);
    }

    @Override
    public String toString() {
        return "SymphonyDatabase[" + JdbcUrls.redact(jdbcUrl) + ", PostgreSQL " + serverVersion + (isEmbedded() ? ", embedded" : ", external") + "]";
    }

    private void logDurability() {
        DurabilityReport report = durabilityReport();
        if (report.isDurable()) {
            LOG.info("Database {} (PostgreSQL {}): {}", JdbcUrls.redact(jdbcUrl), serverVersion, report);
        } else {
            LOG.warn("Database {} (PostgreSQL {}) is NOT durable, committed data can be lost in a crash: {}",
                    JdbcUrls.redact(jdbcUrl), serverVersion, report);
        }
    }

    private String currentUser() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the runtime role from " + JdbcUrls.redact(jdbcUrl), e);
        }
    }

    private static ServerVersion readVersion(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return new ServerVersion(Integer.parseInt(show(c, "server_version_num")));
        } catch (SQLException e) {
            throw new DatabaseStartException("Cannot read the server version", e);
        }
    }

    private static String show(Connection c, String setting) throws SQLException {
        // SHOW takes no bind parameters; callers pass only the fixed names above.
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
