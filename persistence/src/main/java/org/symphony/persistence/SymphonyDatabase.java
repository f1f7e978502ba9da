package org.symphony.persistence;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The node's PostgreSQL 18: an embedded server (default) or an external one ({@code SYMPHONY_DB_URL}), checked for
 * version at start and reachable through one bounded connection pool. Closing it closes the pool and stops the
 * embedded server (deleting its directory when ephemeral).
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
    private final ServerVersion serverVersion;

    private SymphonyDatabase(Optional<EmbeddedServer> embedded, String jdbcUrl, String user, String password,
                             HikariDataSource dataSource, ServerVersion serverVersion) {
        this.embedded = embedded;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.dataSource = dataSource;
        this.serverVersion = serverVersion;
    }

    /**
     * Starts the embedded server or connects to the external one, then refuses servers older than PostgreSQL 18.
     *
     * @throws UnsupportedDatabaseException the server is older than PostgreSQL 18
     * @throws DatabaseStartException       the server could not be started or reached
     */
    public static SymphonyDatabase start(DatabaseSettings settings) {
        Optional<EmbeddedServer> embedded = Optional.empty();
        HikariDataSource pool = null;
        try {
            String url;
            String user;
            String password;
            if (settings.external().isPresent()) {
                DatabaseSettings.External external = settings.external().get();
                url = external.url();
                user = external.user();
                password = external.password();
            } else {
                embedded = Optional.of(EmbeddedServer.start(settings));
                url = embedded.get().jdbcUrl();
                user = EmbeddedServer.SUPERUSER;
                password = "";
            }
            pool = ConnectionPool.open(url, user, password, settings);
            ServerVersion version = readVersion(pool).requireSupported(url);
            SymphonyDatabase db = new SymphonyDatabase(embedded, url, user, password, pool, version);
            db.logDurability();
            return db;
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            embedded.ifPresent(EmbeddedServer::close);
            throw e;
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    /** Empty for the embedded server (trust authentication on localhost); may be null for an external one. */
    public String password() {
        return password;
    }

    /** The pooled data source (size {@code symphony.persistence.pool-size}); do not close it, close this instead. */
    public DataSource dataSource() {
        return dataSource;
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

    @Override
    public void close() {
        dataSource.close();
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
