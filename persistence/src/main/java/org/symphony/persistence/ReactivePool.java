package org.symphony.persistence;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.MultiHostConnectionStrategy;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
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

  /**
   * @param jdbcUrl jdbc:postgresql://host:port/database[?…], or several hosts (a primary and its standby) with
   *     targetServerType=primary: connections then go to whichever is the writable primary, as the JDBC pools' do
   */
  public static ReactivePool of(String jdbcUrl, String user, String password, int maxSize, Duration statementTimeout) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    JdbcHosts url = JdbcHosts.parse(jdbcUrl);
    var builder = PostgresqlConnectionConfiguration.builder()
        .database(url.database())
        .username(user)
        .password(password == null ? "" : password)
        .applicationName("symphony-supervisor")
        .statementTimeout(statementTimeout)
        .connectTimeout(Duration.ofSeconds(10));
    if (url.hosts().size() == 1) {
      builder.host(url.hosts().get(0).name()).port(url.hosts().get(0).port());
    } else {
      url.hosts().forEach(h -> builder.addHost(h.name(), h.port()));
      builder.targetServerType(targetServerType(url.parameters().getOrDefault("targetServerType", "any")));
      String recheck = url.parameters().get("hostRecheckSeconds");
      if (recheck != null) builder.hostRecheckTime(Duration.ofSeconds(Long.parseLong(recheck)));
    }
    var factory = new PostgresqlConnectionFactory(builder.build());
    return new ReactivePool(new ConnectionPool(
        ConnectionPoolConfiguration.builder(factory)
            .initialSize(0)
            .maxSize(maxSize)
            .maxAcquireTime(Duration.ofSeconds(10))
            .maxIdleTime(Duration.ofMinutes(5))
            .build()));
  }

  /** pgjdbc's targetServerType values, as R2DBC names them. */
  private static MultiHostConnectionStrategy.TargetServerType targetServerType(String jdbc) {
    return switch (jdbc) {
      case "primary", "master" -> MultiHostConnectionStrategy.TargetServerType.PRIMARY;
      case "secondary", "standby" -> MultiHostConnectionStrategy.TargetServerType.SECONDARY;
      case "preferSecondary", "preferStandby" -> MultiHostConnectionStrategy.TargetServerType.PREFER_SECONDARY;
      default -> MultiHostConnectionStrategy.TargetServerType.ANY;
    };
  }

  public io.r2dbc.spi.ConnectionFactory connections() {
    return pool;
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
