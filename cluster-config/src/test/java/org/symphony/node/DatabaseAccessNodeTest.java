package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * P12 finding 2, the database side: the embedded PostgreSQL trusted every local connection, so anyone on the machine
 * could delete the chain's tail with a password-less psql. Now every login needs a SCRAM password, and the node's own
 * role (the one dev.json names) may append to the attestation tables but never change them.
 */
class DatabaseAccessNodeTest {

  private static final String PERMISSION_DENIED = "42501";
  private static final List<String> APPEND_ONLY = List.of("ingress_attestation", "attestation_outcome", "attestation_checkpoint");

  @TempDir Path home;

  @Test
  void loginsNeedThePasswordAndTheNodesRoleCannotRewriteTheChain() throws Exception {
    Path credentials = home.resolve("pg-credentials.properties");
    String firstSecrets;
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home))) {
      JsonNode dev = devJson();
      assertEquals("symphony_node", dev.path("db_user").asText(), "dev.json names the runtime role, not the superuser");
      assertTrue(dev.path("db_password").asText().length() >= 43, "a generated 256-bit password");

      assertRefused(dev.path("db_url").asText(), "postgres", null);
      assertRefused(dev.path("db_url").asText(), "postgres", "wrong");
      assertRefused(dev.path("db_url").asText(), "symphony_node", null);
      assertRefused(dev.path("db_url").asText(), "symphony_node", dev.path("db_password").asText() + "x");

      assertTheRuntimeRoleAppendsOnly(dev);

      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
      firstSecrets = Files.readString(credentials);
    }

    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home))) {
      assertEquals(firstSecrets, Files.readString(credentials), "the same secrets after a restart");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
      JsonNode dev = devJson();
      try (Connection c = DriverManager.getConnection(dev.path("db_url").asText(), dev.path("db_user").asText(), dev.path("db_password").asText())) {
        assertTrue(c.isValid(5), "dev.json's credentials still log in");
      }
      assertRefused(dev.path("db_url").asText(), "postgres", null);
    }
  }

  @Test
  void aHomeFromBeforePasswordsIsUpgradedInPlace() throws Exception {
    // What nodes left until now: a cluster that trusts localhost, the superuser without a password, schema at V5.
    try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(home.resolve("pg").toFile()).setCleanDataDirectory(false).start()) {
      try (Connection c = old.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE symphony");
      }
      Flyway.configure().dataSource(old.getDatabase("postgres", "symphony")).locations("classpath:db/migration").target("5")
          .placeholders(java.util.Map.of("runtime_role", "postgres")).load().migrate();
      try (Connection c = old.getDatabase("postgres", "symphony").getConnection(); Statement s = c.createStatement()) {
        s.execute("INSERT INTO audit_incident (kind, detail, reference) VALUES ('TEST', 'kept across the upgrade', 'INC-19700101-001')");
      }
    }
    assertFalse(Files.exists(home.resolve("pg-credentials.properties")));

    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home))) {
      JsonNode dev = devJson();
      assertRefused(dev.path("db_url").asText(), "postgres", null);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("pg-credentials.properties"))));
      String hba = Files.readString(home.resolve("pg").resolve("pg_hba.conf"));
      assertFalse(hba.lines().map(l -> l.replaceFirst("#.*", "")).anyMatch(l -> l.contains("trust")), hba);

      assertTheRuntimeRoleAppendsOnly(dev);
      try (Connection c = TestNodes.superuser(home); Statement s = c.createStatement();
          var r = s.executeQuery("SELECT detail FROM audit_incident WHERE reference = 'INC-19700101-001'")) {
        assertTrue(r.next(), "rows from before the upgrade are kept");
        assertEquals("kept across the upgrade", r.getString(1));
      }
    }
  }

  private void assertTheRuntimeRoleAppendsOnly(JsonNode dev) throws Exception {
    try (Connection c = DriverManager.getConnection(dev.path("db_url").asText(), dev.path("db_user").asText(), dev.path("db_password").asText());
        Statement s = c.createStatement()) {
      // INSERT and SELECT work (rolled back: the probe must not join the chain).
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO ingress_attestation (attestation_id, node_id, node_seq, received_at, subject, request_id, method, path,"
          + " outcome, prev_hash, hash) VALUES (uuidv7(), 'probe', 1, now(), 'probe', 'probe', 'POST', '/v1/instructions', 'REJECTED',"
          + " repeat('0', 64), repeat('0', 64))");
      s.executeUpdate("INSERT INTO attestation_outcome (attestation_id, outcome, http_status, recorded_at) VALUES (uuidv7(), 'PROBE', 200, now())");
      try (var r = s.executeQuery("SELECT count(*) FROM ingress_attestation WHERE node_id = 'probe'")) {
        r.next();
        assertEquals(1, r.getLong(1));
      }
      c.rollback();
      c.setAutoCommit(true);

      String partition;
      try (var r = s.executeQuery("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'ingress_attestation'::regclass LIMIT 1")) {
        assertTrue(r.next(), "the partition manager created this week's partition");
        partition = r.getString(1);
      }
      for (String table : concat(APPEND_ONLY, partition)) {
        String column = table.equals("attestation_outcome") ? "http_status" : "node_seq";
        assertDenied(s, "UPDATE " + table + " SET " + column + " = " + column + " WHERE false");
        assertDenied(s, "DELETE FROM " + table);
        assertDenied(s, "TRUNCATE " + table);
      }
    }
  }

  private static List<String> concat(List<String> tables, String more) {
    var all = new java.util.ArrayList<>(tables);
    all.add(more);
    return all;
  }

  private static void assertDenied(Statement s, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql + " must be refused");
    assertEquals(PERMISSION_DENIED, e.getSQLState(), sql + ": " + e.getMessage());
  }

  private static void assertRefused(String url, String user, String password) {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) p.setProperty("password", password);
    assertThrows(SQLException.class, () -> DriverManager.getConnection(url, p).close(),
        user + (password == null ? " without a password" : " with a wrong password") + " must be refused");
  }

  private JsonNode devJson() {
    return DevCredentials.readPrevious(home.resolve("dev.json")).orElseThrow();
  }
}
