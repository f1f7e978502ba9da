package org.symphony.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The physical limit: pgbench against the node's own PostgreSQL (same server, same fsync and
 * synchronous_commit), inserting the rows one instruction writes — its journal rows and its attestation
 * row — into copies of event_journal and ingress_attestation (same columns, keys, indexes, partitioning),
 * so the node's journal is never touched.
 */
final class PgBench {

  record Result(String mode, int clients, int instructionsPerTransaction, int rowsPerInstruction, double tps, double rowsPerSecond) {}

  private final String jdbcUrl, user, password;

  PgBench(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /**
   * As the embedded database's superuser (from the node home's owner-only pg-credentials.properties): the bench
   * creates and drops its own tables, which the node's role (dev.json's db_user) may not.
   */
  static PgBench superuser(com.fasterxml.jackson.databind.JsonNode dev, Path home) throws Exception {
    java.util.Properties credentials = new java.util.Properties();
    try (var in = Files.newBufferedReader(home.resolve("pg-credentials.properties"))) {
      credentials.load(in);
    }
    return new PgBench(dev.get("db_url").asText(), credentials.getProperty("owner.user"), credentials.getProperty("owner.password"));
  }

  Connection connect() throws Exception {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  void createTables() throws Exception {
    try (Connection c = connect(); var s = c.createStatement()) {
      dropTables(s);
      s.execute("create sequence bench_ordering_seq");
      s.execute("create sequence bench_node_seq");
      s.execute("create table bench_event_journal (like event_journal including defaults including constraints including indexes)");
      s.execute("alter table bench_event_journal alter column ordering set default nextval('bench_ordering_seq')");
      s.execute("create table bench_ingress_attestation (like ingress_attestation including defaults including constraints) partition by range (received_at)");
      s.execute("alter table bench_ingress_attestation add primary key (node_id, node_seq, received_at)");
      s.execute("create index on bench_ingress_attestation (attestation_id)");
      s.execute("create index on bench_ingress_attestation (request_id)");
      s.execute("create table bench_ingress_attestation_p partition of bench_ingress_attestation for values from ('2000-01-01') to ('2200-01-01')");
    }
  }

  void dropTables() throws Exception {
    try (Connection c = connect(); var s = c.createStatement()) {
      dropTables(s);
    }
  }

  private static void dropTables(java.sql.Statement s) throws Exception {
    s.execute("drop table if exists bench_event_journal, bench_ingress_attestation");
    s.execute("drop sequence if exists bench_ordering_seq, bench_node_seq");
  }

  /** Average journal payload of the node's instruction and participant events, in bytes. */
  int averagePayloadBytes() throws Exception {
    try (Connection c = connect(); var s = c.createStatement();
        var r = s.executeQuery("select coalesce(avg(octet_length(event_payload)), 200)::int from event_journal")) {
      r.next();
      return r.getInt(1);
    }
  }

  String serverVersion() throws Exception {
    try (Connection c = connect(); var s = c.createStatement(); var r = s.executeQuery("select version()")) {
      r.next();
      return r.getString(1);
    }
  }

  static String script(int instructionsPerTransaction) {
    return """
        BEGIN;
        INSERT INTO bench_ingress_attestation (attestation_id, node_id, node_seq, received_at, subject, key_id, request_id,
          idempotency_key, method, path, body_sha256, outcome, http_status, prev_hash, hash)
        SELECT gen_random_uuid(), 'pgbench', nextval('bench_node_seq'), now(), 'bank-a', 'k1', md5(random()::text),
          md5(random()::text), 'POST', '/v1/instructions', md5(random()::text) || md5(random()::text), 'FORWARDED', 202,
          md5(random()::text) || md5(random()::text), md5(random()::text) || md5(random()::text)
        FROM generate_series(1, %d);
        INSERT INTO bench_event_journal (persistence_id, sequence_number, writer, write_timestamp, event_ser_id, event_ser_manifest, event_payload)
        SELECT 'Instruction|' || u, g, 'pgbench', 0, 33, 'bench', decode(repeat('ab', :payload), 'hex')
        FROM (SELECT gen_random_uuid()::text AS u FROM generate_series(1, %d)) x, generate_series(1, :journal_rows) g;
        END;
        """.formatted(instructionsPerTransaction, instructionsPerTransaction);
  }

  Result run(Path workDir, String mode, int clients, int instructionsPerTransaction, int journalRows, int payloadBytes, int seconds)
      throws Exception {
    Path script = workDir.resolve("pgbench-" + mode + ".sql");
    Files.writeString(script, script(instructionsPerTransaction));
    URI u = URI.create(jdbcUrl.substring("jdbc:".length()));
    String db = u.getPath().replaceFirst("^/", "");
    List<String> command = new ArrayList<>(List.of(
        "nice", "-n", "10", "pgbench", "-n", "-h", u.getHost(), "-p", Integer.toString(u.getPort()), "-U", user,
        "-c", Integer.toString(clients), "-j", "2", "-T", Integer.toString(seconds),
        "-D", "payload=" + payloadBytes, "-D", "journal_rows=" + journalRows, "-f", script.toString(), db.isEmpty() ? "postgres" : db));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PGPASSWORD", password);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    int exit = p.waitFor();
    Files.writeString(workDir.resolve("pgbench-" + mode + ".out"), out);
    Matcher m = Pattern.compile("tps = ([0-9.]+)").matcher(out);
    if (exit != 0 || !m.find()) throw new IllegalStateException("pgbench " + mode + " failed (" + exit + "):\n" + out);
    double tps = Double.parseDouble(m.group(1));
    int rowsPerInstruction = journalRows + 1;
    return new Result(mode, clients, instructionsPerTransaction, rowsPerInstruction, tps, tps * instructionsPerTransaction * rowsPerInstruction);
  }

  static String version() {
    try {
      Process p = new ProcessBuilder("pgbench", "--version").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return v;
    } catch (Exception e) {
      return "pgbench not found: " + e.getMessage();
    }
  }
}
