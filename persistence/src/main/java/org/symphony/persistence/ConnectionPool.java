package org.symphony.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;

import java.time.Duration;

/** The bounded HikariCP pools behind {@link SymphonyDatabase#dataSource()} and {@link SymphonyDatabase#ownerDataSource()}. */
final class ConnectionPool {

    private ConnectionPool() {
    }

    static HikariDataSource open(String name, int size, String jdbcUrl, String user, String password, DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(5_000, settings.connectionTimeout().toMillis()));
        // Try once at construction and fail start-up with the driver's own error (wrong host, password, ...).
        config.setInitializationFailTimeout(1);
        config.addDataSourceProperty("ApplicationName", "symphony");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("connectTimeout", Long.toString(seconds(settings.connectionTimeout())));
        if (!settings.statementTimeout().isZero()) {
            // Server-side limit, so a runaway query is cancelled by PostgreSQL rather than left holding a connection.
            config.addDataSourceProperty("options", "-c statement_timeout=" + settings.statementTimeout().toMillis());
        }
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DatabaseStartException("Cannot connect to " + JdbcUrls.redact(jdbcUrl) + " as " + user + ": " + cause.getMessage(), e);
        }
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
