package org.symphony.audit.attest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.audit.attest.AttestationUnavailable.Reason;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.audit.chain.ChainHash;

/**
 * The database side of one node's chain, used only by the attestor's writer thread. It keeps one connection that
 * holds the node's chain lock (a session advisory lock, so a second process with the same node id cannot fork the
 * chain), links each batch onto the last committed row and inserts it as one multi-row statement, which commits
 * as one transaction.
 *
 * <p>The head advances only on a successful commit. After any failure the head is forgotten and re-read from the
 * database before the next batch: a connection lost during the commit leaves the outcome in doubt, and only the
 * database knows whether the batch landed. If it did, its callers were already told 503, so its rows get a
 * NOT_FORWARDED outcome instead of showing up as a gap.
 */
final class ChainWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChainWriter.class);

  /** One request with its id, before it has a place in the chain. */
  record Draft(UUID attestationId, IngressRecord record) {}

  private static final String LOCK_KEY = "hashtextextended('symphony.ingress_attestation/' || ?, 0)";
  private static final String INSERT = "INSERT INTO ingress_attestation (attestation_id, node_id, node_seq, received_at, "
      + "subject, key_id, request_id, idempotency_key, method, path, body_sha256, outcome, problem_code, http_status, "
      + "prev_hash, hash, refused_count, source_address) "
      + "SELECT u.id, ?, u.seq, u.received_at, u.subject, u.key_id, u.request_id, u.idempotency_key, u.method, u.path, "
      + "u.body_sha256, u.outcome, u.problem_code, u.http_status, u.prev_hash, u.hash, u.refused_count, u.source_address "
      + "FROM unnest(?::text[]::uuid[], ?::int8[], ?::text[]::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], "
      + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[], ?::text[], ?::text[], ?::int8[], ?::text[]) "
      + "AS u(id, seq, received_at, subject, key_id, request_id, idempotency_key, method, path, body_sha256, outcome, "
      + "problem_code, http_status, prev_hash, hash, refused_count, source_address)";
  private static final String NOT_FORWARDED = "INSERT INTO attestation_outcome "
      + "(attestation_id, instruction_id, outcome, http_status, recorded_at) "
      + "SELECT id, NULL, '" + AttestationOutcome.NOT_FORWARDED + "', 503, ? FROM unnest(?::text[]::uuid[]) AS id "
      + "ON CONFLICT (attestation_id) DO NOTHING";

  private final DataSource dataSource;
  private final String nodeId;
  private final Clock clock;
  private final Duration statementTimeout;
  private Connection connection;
  private ChainHead head;
  private List<AttestationRow> inDoubt = List.of();

  ChainWriter(DataSource dataSource, String nodeId, Duration commitTimeout, Clock clock) {
    this.dataSource = dataSource;
    this.nodeId = nodeId;
    this.clock = clock;
    // A little past the callers' deadline: a commit that is merely late still lands and is then accounted for as
    // NOT_FORWARDED, instead of being cancelled into an in-doubt state.
    this.statementTimeout = commitTimeout.plusSeconds(1);
  }

  /** Connected, holding the chain lock, head known; re-establishes whatever a failure lost. */
  ChainHead ensureReady() {
    if (connection == null) connection = open();
    if (head == null) {
      try {
        ChainHead read = ChainHeads.read(connection, nodeId);
        settleInDoubt(read);
        head = read;
      } catch (SQLException e) {
        discardConnection();
        throw new AttestationUnavailable(Reason.DATABASE_UNAVAILABLE, "cannot read the chain head of node " + nodeId, e);
      }
    }
    return head;
  }

  /** The last committed row, or null while unknown (after a failure, until the next batch re-reads it). */
  ChainHead head() {
    return head;
  }

  /** Links the drafts onto the head, commits them as one statement and returns the committed rows in order. */
  List<AttestationRow> append(List<Draft> drafts) {
    ChainHead from = ensureReady();
    List<AttestationRow> rows = link(from, drafts);
    try {
      insert(rows);
    } catch (SQLException | RuntimeException e) {
      head = null;
      inDoubt = rows;
      if (!isUsable(connection)) discardConnection();
      throw new AttestationUnavailable(Reason.DATABASE_UNAVAILABLE,
          "batch of " + rows.size() + " attestations of node " + nodeId + " not committed: " + e.getMessage(), e);
    }
    AttestationRow last = rows.get(rows.size() - 1);
    head = new ChainHead(nodeId, last.nodeSeq(), last.hash(), Optional.of(last.attestationId()));
    return rows;
  }

  /** Best effort: on failure the rows show up in the gap query instead, which is still safe. */
  void recordNotForwarded(List<UUID> attestationIds) {
    if (attestationIds.isEmpty() || connection == null) return;
    try (PreparedStatement ps = connection.prepareStatement(NOT_FORWARDED)) {
      ps.setObject(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
      ps.setArray(2, connection.createArrayOf("text", attestationIds.stream().map(UUID::toString).toArray()));
      ps.executeUpdate();
      LOG.warn("Node {}: {} attestations committed after their callers were refused; recorded as {}",
          nodeId, attestationIds.size(), AttestationOutcome.NOT_FORWARDED);
    } catch (SQLException e) {
      LOG.error("Node {}: could not record {} late-committed attestations as {}; the gap query will report them",
          nodeId, attestationIds.size(), AttestationOutcome.NOT_FORWARDED, e);
    }
  }

  @Override
  public void close() {
    if (connection == null) return;
    try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
         Statement reset = connection.createStatement()) {
      unlock.setString(1, nodeId);
      unlock.execute();
      reset.execute("RESET statement_timeout");
    } catch (SQLException e) {
      LOG.debug("Node {}: releasing the chain lock failed; aborting the connection releases it", nodeId, e);
      discardConnection();
      return;
    }
    closeQuietly(connection);
    connection = null;
    head = null;
  }

  private List<AttestationRow> link(ChainHead from, List<Draft> drafts) {
    List<AttestationRow> rows = new ArrayList<>(drafts.size());
    long seq = from.nodeSeq();
    String prev = from.hash();
    for (Draft d : drafts) {
      IngressRecord r = d.record();
      AttestationRow row = ChainHash.link(new AttestationRow(
          d.attestationId(), nodeId, ++seq, r.receivedAt(), r.subject(), r.keyId(), r.requestId(), r.idempotencyKey(),
          r.method(), r.path(), r.bodySha256(), r.outcome(), r.problemCode(), r.httpStatus(), prev, null,
          r.refusals()), prev);
      rows.add(row);
      prev = row.hash();
    }
    return rows;
  }

  private void insert(List<AttestationRow> rows) throws SQLException {
    int n = rows.size();
    String[] ids = new String[n], receivedAt = new String[n], subject = new String[n], keyId = new String[n],
        requestId = new String[n], idempotencyKey = new String[n], method = new String[n], path = new String[n],
        bodySha = new String[n], outcome = new String[n], problem = new String[n], prev = new String[n],
        hash = new String[n], source = new String[n];
    Long[] seq = new Long[n], refusedCount = new Long[n];
    Integer[] status = new Integer[n];
    for (int i = 0; i < n; i++) {
      AttestationRow r = rows.get(i);
      ids[i] = r.attestationId().toString();
      seq[i] = r.nodeSeq();
      receivedAt[i] = ChainHash.timestamp(r.receivedAt());
      subject[i] = r.subject();
      keyId[i] = r.keyId();
      requestId[i] = r.requestId();
      idempotencyKey[i] = r.idempotencyKey();
      method[i] = r.method();
      path[i] = r.path();
      bodySha[i] = r.bodySha256();
      outcome[i] = r.outcome().name();
      problem[i] = r.problemCode();
      status[i] = r.httpStatus();
      prev[i] = r.prevHash();
      hash[i] = r.hash();
      refusedCount[i] = r.refusals() == null ? null : r.refusals().count();
      source[i] = r.refusals() == null ? null : r.refusals().source();
    }
    try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
      int p = 1;
      ps.setString(p++, nodeId);
      ps.setArray(p++, text(ids));
      ps.setArray(p++, connection.createArrayOf("int8", seq));
      for (String[] column : List.of(receivedAt, subject, keyId, requestId, idempotencyKey, method, path, bodySha, outcome, problem)) {
        ps.setArray(p++, text(column));
      }
      ps.setArray(p++, connection.createArrayOf("int4", status));
      ps.setArray(p++, text(prev));
      ps.setArray(p++, text(hash));
      ps.setArray(p++, connection.createArrayOf("int8", refusedCount));
      ps.setArray(p, text(source));
      int inserted = ps.executeUpdate();
      if (inserted != n) throw new SQLException("inserted " + inserted + " of " + n + " attestation rows");
    }
  }

  private Array text(String[] values) throws SQLException {
    return connection.createArrayOf("text", values);
  }

  private Connection open() {
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw new AttestationUnavailable(Reason.DATABASE_UNAVAILABLE, "no database connection for node " + nodeId, e);
    }
    try {
      c.setAutoCommit(true); // each batch is one INSERT statement, hence one transaction and one commit
      try (Statement s = c.createStatement()) {
        s.execute("SET statement_timeout = " + statementTimeout.toMillis());
      }
      // Bounds a read on a dead socket (the server-side timeout cannot fire if the server is gone).
      c.setNetworkTimeout(Runnable::run, (int) statementTimeout.plusSeconds(2).toMillis());
      boolean locked;
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
        ps.setString(1, nodeId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          locked = rs.getBoolean(1);
        }
      }
      if (!locked) {
        resetQuietly(c);
        closeQuietly(c);
        throw new AttestationUnavailable(Reason.CHAIN_IN_USE,
            "another session holds the chain of node " + nodeId + "; is a second process running with this node id?");
      }
      return c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw new AttestationUnavailable(Reason.DATABASE_UNAVAILABLE, "cannot prepare the writer connection of node " + nodeId, e);
    }
  }

  /** If the last failed batch committed after all, its callers were refused: account for its rows. */
  private void settleInDoubt(ChainHead read) {
    if (inDoubt.isEmpty()) return;
    AttestationRow last = inDoubt.get(inDoubt.size() - 1);
    if (read.nodeSeq() == last.nodeSeq() && read.attestationId().equals(Optional.of(last.attestationId()))) {
      recordNotForwarded(inDoubt.stream().map(AttestationRow::attestationId).toList());
    }
    inDoubt = List.of();
  }

  private static boolean isUsable(Connection c) {
    try {
      return c != null && c.isValid(1);
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Abort, not just close: a pooled connection that merely looked broken would otherwise go back to the pool with
   * the chain lock still held, and this node could not take its own lock again.
   */
  private void discardConnection() {
    if (connection != null) {
      try {
        connection.abort(Runnable::run);
      } catch (SQLException | RuntimeException e) {
        LOG.debug("Aborting a writer connection failed", e);
      }
      closeQuietly(connection);
    }
    connection = null;
    head = null;
  }

  private static void resetQuietly(Connection c) {
    try (Statement s = c.createStatement()) {
      s.execute("RESET statement_timeout");
    } catch (SQLException e) {
      LOG.debug("RESET statement_timeout failed", e);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("Closing a writer connection failed", e);
    }
  }
}
