package org.symphony.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.symphony.persistence.DatabaseSettings;
import org.symphony.persistence.SymphonyDatabase;

/**
 * The database an offline command (verify-chain, gap-report) reads: the running node's, or — when the node of a home
 * with an embedded database is stopped — that embedded database, started on the node's own data directory for the
 * command and stopped after it. An auditor can then check a stopped node's chain without starting the node (and its
 * edge) first. It connects as the node's own role, as dev.json does.
 */
final class OfflineDatabase implements AutoCloseable {

  private final DataSource dataSource;
  private final Optional<SymphonyDatabase> started;

  private OfflineDatabase(DataSource dataSource, Optional<SymphonyDatabase> started) {
    this.dataSource = dataSource;
    this.started = started;
  }

  /** Only a location read from the home's dev.json falls back to its embedded database; a given URL is used as is. */
  static OfflineDatabase open(DatabaseLocation location, Path home) {
    DataSource located = location.dataSource();
    Path dataDir = home.resolve("pg");
    if (!location.fromDevJson() || !Files.isRegularFile(dataDir.resolve("PG_VERSION")) || reachable(located))
      return new OfflineDatabase(located, Optional.empty());
    System.err.println("the node of " + home + " is not running: starting its embedded database to read it");
    SymphonyDatabase db = SymphonyDatabase.start(
        DatabaseSettings.fromConfig(SymphonyNode.nodeConfig(NodeOptions.defaults(home), home)).withDataDir(dataDir));
    return new OfflineDatabase(db.dataSource(), Optional.of(db));
  }

  DataSource dataSource() {
    return dataSource;
  }

  private static boolean reachable(DataSource ds) {
    try (Connection c = ds.getConnection()) {
      return c.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    started.ifPresent(SymphonyDatabase::close);
  }
}
