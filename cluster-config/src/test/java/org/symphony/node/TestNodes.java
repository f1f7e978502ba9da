package org.symphony.node;

import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Nodes for tests: a home of their own and free ports, so suites can run side by side. */
final class TestNodes {

  private TestNodes() {}

  static NodeOptions options(Path home) throws IOException {
    return NodeOptions.defaults(home)
        .withOverride("symphony.edge.port", 0)
        .withOverride("symphony.rails.simulator.mtn.port", 0)
        .withOverride("symphony.rails.simulator.airtel.port", 0)
        .withOverride("symphony.rails.simulator.rtgs.port", 0)
        .withOverride("pekko.remote.artery.canonical.port", 0)
        .withOverride("symphony.metrics.port", 0)
        .withOverride("pekko.management.http.port", freePort());
  }

  /**
   * A connection as the embedded database's superuser (the schema owner), with the password from the node home's
   * owner-only {@code pg-credentials.properties}: for tests that tamper with the chain or the schema, which the node's
   * own role (dev.json's db_user) may not do.
   */
  static Connection superuser(Path home) throws IOException, SQLException {
    var dev = DevCredentials.readPrevious(home.resolve("dev.json")).orElseThrow(() -> new IllegalStateException("no dev.json in " + home));
    Properties credentials = new Properties();
    try (Reader in = Files.newBufferedReader(home.resolve("pg-credentials.properties"))) {
      credentials.load(in);
    }
    return DriverManager.getConnection(
        dev.path("db_url").asText(), credentials.getProperty("owner.user"), credentials.getProperty("owner.password"));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
