package org.symphony.persistence;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A small R2DBC pool for the supervisor's long, read-only scans (gap analysis, dashboard): rows arrive as a
 * backpressured stream and no thread of the blocking pool is held while they do. Built from the node's JDBC URL, so
 * it reaches the same database (embedded or external). Close it with the node.
 */
public final class ReactivePool implements AutoCloseable {

  private final ConnectionPool pool;

  private ReactivePool(ConnectionPool pool) {
    this.pool = pool;
  }

  /** @param jdbcUrl jdbc:postgresql://host:port/database[?…] */
  public static ReactivePool of(String jdbcUrl, String user, String password, int maxSize, Duration statementTimeout) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql://")) throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + JdbcUrls.redact(jdbcUrl));
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
    var factory = new PostgresqlConnectionFactory(
        PostgresqlConnectionConfiguration.builder()
            .host(uri.getHost())
            .port(uri.getPort() < 0 ? 5432 : uri.getPort())
            .database(database)
            .username(user)
            .password(password == null ? "" : password)
            .applicationName("symphony-supervisor")
            .statementTimeout(statementTimeout)
            .connectTimeout(Duration.ofSeconds(10))
            .build());
    return new ReactivePool(new ConnectionPool(
        ConnectionPoolConfiguration.builder(factory)
            .initialSize(0)
            .maxSize(maxSize)
            .maxAcquireTime(Duration.ofSeconds(10))
            .maxIdleTime(Duration.ofMinutes(5))
            .build()));
  }

  public io.r2dbc.spi.ConnectionFactory connections() {
    return pool;
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
