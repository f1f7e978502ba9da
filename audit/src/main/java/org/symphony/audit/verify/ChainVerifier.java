package org.symphony.audit.verify;

import com.typesafe.config.ConfigFactory;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.symphony.audit.checkpoint.Checkpoint;
import org.symphony.audit.checkpoint.Checkpoints;

/**
 * Recomputes every node's attestation chain and checks every checkpoint against it (audit/CHAIN.md,
 * "Verification"; INV-CHAIN). Rows stream through server-side cursors, so memory stays bounded whatever the table
 * size. Everything is read in one REPEATABLE READ, READ ONLY transaction: one snapshot, so rows and checkpoints that
 * writers commit meanwhile neither appear half-way nor make a fresh checkpoint look "beyond the head".
 *
 * <p>Blocking JDBC, one connection for the whole run; runs as long as the table needs (statement_timeout is lifted
 * for this transaction only).
 */
public final class ChainVerifier {

  /**
   * How the scan is tuned (the defaults suit 10^7 rows) and what the chains are held to: {@code trusted} are the only
   * keys whose checkpoints count (pinned outside the database: anyone able to write attestation_signing_key could
   * otherwise register a key and re-sign a rewritten tail); {@code cadence} is the checkpoint cadence every node
   * promised; {@code signedHeads} are heads the nodes published outside the database, by node id, that the database
   * must still hold.
   */
  public record Options(int fetchSize, long progressEvery, int maxBreaksPerNode, TrustedKeys trusted, Cadence cadence,
      Map<String, Checkpoint> signedHeads) {
    /** No key trusted (every checkpoint is a break until keys are pinned) and the reference configuration's cadence. */
    public static final Options DEFAULTS = new Options(1_000, 50_000, 100, TrustedKeys.NONE,
        Cadence.fromConfig(ConfigFactory.defaultReference(ChainVerifier.class.getClassLoader())), Map.of());

    public Options {
      if (fetchSize < 1 || progressEvery < 1 || maxBreaksPerNode < 1) {
        throw new IllegalArgumentException("options must be positive: " + fetchSize + ", " + progressEvery + ", " + maxBreaksPerNode);
      }
      Objects.requireNonNull(trusted, "trusted");
      Objects.requireNonNull(cadence, "cadence");
      signedHeads = Map.copyOf(signedHeads);
    }

    public Options withTuning(int fetchSize, long progressEvery, int maxBreaksPerNode) {
      return new Options(fetchSize, progressEvery, maxBreaksPerNode, trusted, cadence, signedHeads);
    }

    public Options withTrustedKeys(TrustedKeys keys) {
      return new Options(fetchSize, progressEvery, maxBreaksPerNode, keys, cadence, signedHeads);
    }

    public Options withCadence(Cadence value) {
      return new Options(fetchSize, progressEvery, maxBreaksPerNode, trusted, value, signedHeads);
    }

    /** Adds (or replaces) the signed head of the checkpoint's node. */
    public Options withSignedHead(Checkpoint head) {
      Map<String, Checkpoint> heads = new HashMap<>(signedHeads);
      heads.put(head.nodeId(), head);
      return new Options(fetchSize, progressEvery, maxBreaksPerNode, trusted, cadence, heads);
    }
  }

  private static final String ROWS = "SELECT " + AttestationRowReader.COLUMNS
      + " FROM ingress_attestation WHERE node_id = ? ORDER BY node_seq, received_at";
  private static final String CHECKPOINTS = "SELECT " + Checkpoints.COLUMNS
      + " FROM attestation_checkpoint WHERE node_id = ? ORDER BY node_seq";
  // Distinct node ids by skipping through the primary key index (a handful of nodes, millions of rows), plus nodes
  // that have checkpoints but no rows left at all.
  private static final String NODES = """
      WITH RECURSIVE n(id) AS (
        (SELECT node_id FROM ingress_attestation ORDER BY node_id LIMIT 1)
        UNION ALL
        SELECT (SELECT a.node_id FROM ingress_attestation a WHERE a.node_id > n.id ORDER BY a.node_id LIMIT 1)
        FROM n WHERE n.id IS NOT NULL)
      SELECT id FROM n WHERE id IS NOT NULL
      UNION
      SELECT node_id FROM attestation_checkpoint
      ORDER BY 1""";
  // Planner statistics per partition; -1 means never analysed, and those few are counted exactly.
  private static final String PARTITIONS = """
      SELECT c.oid::regclass::text, c.reltuples::bigint
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'ingress_attestation'::regclass""";

  private final DataSource dataSource;
  private final Options options;

  public ChainVerifier(DataSource dataSource, Options options) {
    this.dataSource = dataSource;
    this.options = options;
  }

  /** Verifies every node; throws {@link ChainVerificationException} if the chain cannot be read. */
  public VerificationReport verify(ProgressListener progress) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (Statement s = c.createStatement()) {
          s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
          s.execute("SET LOCAL statement_timeout = 0");
        }
        return verifyAll(c, progress);
      } finally {
        c.rollback(); // read-only: nothing to keep; ends the snapshot
      }
    } catch (SQLException | UncheckedSql e) {
      Throwable cause = e instanceof UncheckedSql u ? u.getCause() : e;
      throw new ChainVerificationException("Cannot read the attestation chain: " + cause.getMessage(), cause);
    }
  }

  private VerificationReport verifyAll(Connection c, ProgressListener progress) throws SQLException {
    Map<String, PublicKey> keys = options.trusted().byKeyId(Checkpoints.publicKeys(c));
    Progress tracker = new Progress(progress, estimateRows(c), options.progressEvery());
    List<NodeSummary> nodes = new ArrayList<>();
    List<ChainBreak> breaks = new ArrayList<>();
    // A node whose rows and checkpoints are all gone is still checked against the head it published.
    Set<String> nodeIds = new LinkedHashSet<>(nodeIds(c));
    nodeIds.addAll(options.signedHeads().keySet());
    for (String nodeId : nodeIds) {
      try (PreparedStatement cps = cursor(c, CHECKPOINTS, nodeId);
          ResultSet cpRows = cps.executeQuery();
          PreparedStatement rps = cursor(c, ROWS, nodeId);
          ResultSet rows = rps.executeQuery()) {
        NodeChainCheck check = new NodeChainCheck(nodeId, new CheckpointIterator(cpRows), keys, options.maxBreaksPerNode(),
            options.cadence(), Optional.ofNullable(options.signedHeads().get(nodeId)));
        boolean readToEnd = true;
        while (rows.next()) {
          boolean goOn = check.accept(AttestationRowReader.read(rows));
          tracker.rowDone();
          if (!goOn) {
            readToEnd = false;
            break;
          }
        }
        nodes.add(check.finish(readToEnd));
        breaks.addAll(check.breaks());
      }
    }
    tracker.finished();
    return new VerificationReport(nodes, breaks);
  }

  private PreparedStatement cursor(Connection c, String sql, String nodeId) throws SQLException {
    // With autocommit off and a fetch size, pgjdbc reads through a portal in batches instead of buffering all rows.
    PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    ps.setFetchSize(options.fetchSize());
    ps.setString(1, nodeId);
    return ps;
  }

  private static List<String> nodeIds(Connection c) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(NODES)) {
      while (rs.next()) ids.add(rs.getString(1));
    }
    return ids;
  }

  private static long estimateRows(Connection c) throws SQLException {
    long total = 0;
    List<String> unanalysed = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(PARTITIONS)) {
      while (rs.next()) {
        long tuples = rs.getLong(2);
        if (tuples >= 0) total += tuples;
        else unanalysed.add(rs.getString(1));
      }
    }
    for (String partition : unanalysed) {
      // The name comes from regclass::text, which PostgreSQL quotes as an identifier where needed.
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + partition)) {
        rs.next();
        total += rs.getLong(1);
      }
    }
    return total;
  }

  /** Streams a node's checkpoints from an open cursor, alongside its rows on the same connection. */
  private static final class CheckpointIterator implements Iterator<Checkpoint> {
    private final ResultSet rs;
    private Boolean hasNext;

    CheckpointIterator(ResultSet rs) {
      this.rs = rs;
    }

    @Override
    public boolean hasNext() {
      if (hasNext == null) {
        try {
          hasNext = rs.next();
        } catch (SQLException e) {
          throw new UncheckedSql(e);
        }
      }
      return hasNext;
    }

    @Override
    public Checkpoint next() {
      if (!hasNext()) throw new NoSuchElementException();
      hasNext = null;
      try {
        return Checkpoints.read(rs);
      } catch (SQLException e) {
        throw new UncheckedSql(e);
      }
    }
  }

  /** Carries a SQLException out of the Iterator interface; unwrapped in {@link #verify}. */
  private static final class UncheckedSql extends RuntimeException {
    UncheckedSql(SQLException cause) {
      super(cause);
    }
  }

  /** Calls the listener every {@code every} rows, and at the end with the final count as the total. */
  private static final class Progress {
    private final ProgressListener listener;
    private final long estimate;
    private final long every;
    private long done;
    private long reportedTotal = -1;

    Progress(ProgressListener listener, long estimate, long every) {
      this.listener = listener;
      this.estimate = estimate;
      this.every = every;
    }

    void rowDone() {
      if (++done % every == 0) report(Math.max(estimate, done));
    }

    void finished() {
      if (reportedTotal != done || done % every != 0) report(done);
    }

    private void report(long total) {
      reportedTotal = total;
      listener.onProgress(done, total);
    }
  }
}
