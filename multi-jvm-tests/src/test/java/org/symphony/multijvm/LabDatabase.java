package org.symphony.multijvm;

import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.symphony.persistence.DatabaseSettings;
import org.symphony.persistence.EmbeddedNetwork;
import org.symphony.persistence.SymphonyDatabase;

/**
 * The lab's one PostgreSQL 18, run by the test JVM itself (embedded, durable) on the service bridge, so that it stays
 * reachable from every side of a partition and outlives every node. Migrated here; the nodes use it as an external
 * database: the superuser owns the schema, the runtime role runs the nodes.
 */
final class LabDatabase implements AutoCloseable, Invariants.Connections {

  private final SymphonyDatabase db;
  private final String url;
  private final Properties credentials;
  private final DatabaseSettings settings;

  private LabDatabase(SymphonyDatabase db, String url, Properties credentials, DatabaseSettings settings) {
    this.db = db;
    this.url = url;
    this.credentials = credentials;
    this.settings = settings;
  }

  /** Starts it in {@code dataDir} on localhost only (a primary for a standby beside it). */
  static LabDatabase startLocal(Path dataDir) throws IOException {
    return start(dataDir, "localhost", null);
  }

  /** Starts it in {@code dataDir}, listening on localhost and {@code host}, open (with passwords) to {@code network}. */
  static LabDatabase start(Path dataDir, String host, String network) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    DatabaseSettings settings =
        DatabaseSettings.load()
            .withoutExternal()
            .withEphemeral(false)
            .withDataDir(dataDir)
            .withPort(port)
            .withPoolSize(4)
            .withNetwork(network == null ? EmbeddedNetwork.LOCAL : new EmbeddedNetwork("localhost," + host, List.of(network)));
    SymphonyDatabase db = SymphonyDatabase.start(settings);
    try {
      db.migrate();
      // The embedded server keeps its roles' passwords beside its data directory (EmbeddedCredentials).
      Properties credentials = new Properties();
      Path file = dataDir.toAbsolutePath().normalize().resolveSibling(dataDir.getFileName() + "-credentials.properties");
      try (Reader in = Files.newBufferedReader(file)) {
        credentials.load(in);
      }
      return new LabDatabase(db, "jdbc:postgresql://" + host + ":" + port + "/symphony", credentials, settings);
    } catch (IOException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** The JDBC URL over the service bridge (what the nodes use). */
  String url() {
    return url;
  }

  String runtimeUser() {
    return credentials.getProperty("runtime.user");
  }

  String runtimePassword() {
    return credentials.getProperty("runtime.password");
  }

  /** The environment of a node that uses this database (see reference.conf's symphony.persistence.external). */
  Map<String, String> nodeEnvironment() {
    return Map.of(
        "SYMPHONY_DB_URL", url,
        "SYMPHONY_DB_USER", credentials.getProperty("owner.user"),
        "SYMPHONY_DB_PASSWORD", credentials.getProperty("owner.password"),
        "SYMPHONY_DB_RUNTIME_USER", runtimeUser(),
        "SYMPHONY_DB_RUNTIME_PASSWORD", runtimePassword());
  }

  /** Its server settings (a standby of it starts with the same). */
  DatabaseSettings settings() {
    return settings;
  }

  /** Its superuser (the schema owner). */
  org.symphony.persistence.PrimaryLogin superuserLogin() {
    return new org.symphony.persistence.PrimaryLogin(url, credentials.getProperty("owner.user"), credentials.getProperty("owner.password"));
  }

  /** The postmaster's process id, from postmaster.pid in its data directory. */
  long postmasterPid() throws IOException {
    return Long.parseLong(Files.readAllLines(settings.dataDir().resolve("postmaster.pid")).get(0).trim());
  }

  /** A new connection as the runtime role (reads of the read model and the attestation tables). */
  @Override
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, runtimeUser(), runtimePassword());
  }

  @Override
  public void close() {
    db.close();
  }
}
