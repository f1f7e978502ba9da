package org.symphony.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * The database keeper's probe: one write-capable round trip on a connection of its own, not the pool's (an
 * exhausted or dead pool must not hide or delay the answer). The connection is kept between probes: opening one
 * every second cost a SCRAM-SHA-256 login (4,096 PBKDF2 rounds) each time, 11% of the node's CPU samples in the
 * P15 benchmark. A kept connection that fails is replaced at once and the probe asked again on the new one, so a
 * restarted server is not reported down because of a connection that died with the old one.
 */
final class WritableProbe implements AutoCloseable {

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private Connection connection;

  WritableProbe(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /** Empty when the server takes a write-capable transaction now, else why not. */
  synchronized Optional<String> probe(Duration timeout) {
    int seconds = (int) Math.max(1, timeout.toSeconds());
    if (connection != null) {
      try {
        roundTrip(connection, seconds);
        return Optional.empty();
      } catch (SQLException e) {
        closeQuietly(); // died with a restart, a failover or a network cut: a fresh connection decides
      }
    }
    try {
      connection = open(seconds);
      roundTrip(connection, seconds);
      return Optional.empty();
    } catch (SQLException e) {
      closeQuietly();
      return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  private Connection open(int seconds) throws SQLException {
    Properties props = new Properties();
    if (user != null) props.setProperty("user", user);
    if (password != null) props.setProperty("password", password);
    props.setProperty("connectTimeout", Integer.toString(seconds));
    props.setProperty("socketTimeout", Integer.toString(seconds));
    props.setProperty("loginTimeout", Integer.toString(seconds));
    props.setProperty("ApplicationName", "symphony-probe");
    Connection c = DriverManager.getConnection(jdbcUrl, props);
    c.setAutoCommit(false);
    return c;
  }

  /** pg_current_xact_id() needs a writable primary, as the journal and the attestation writer do. */
  private static void roundTrip(Connection c, int seconds) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(seconds);
      s.execute("SELECT pg_current_xact_id()");
    } finally {
      c.rollback();
    }
  }

  private void closeQuietly() {
    if (connection == null) return;
    try {
      connection.close();
    } catch (SQLException ignored) {
      // already broken
    }
    connection = null;
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }
}
