package org.symphony.audit.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.audit.chain.ChainHash;
import org.symphony.audit.checkpoint.Checkpoint;
import org.symphony.audit.checkpoint.CheckpointKeys;
import org.symphony.audit.checkpoint.CheckpointSigner;
import org.symphony.audit.checkpoint.Checkpoints;
import org.symphony.audit.verify.AttestationRowReader;

/**
 * Writes valid chains straight into ingress_attestation with JDBC batches (1,000 rows per batch and transaction),
 * with a signed checkpoint every M rows, and reads and rewrites rows for tamper tests. Rows are deterministic
 * functions of (node, seq), received in 2026 (the {@link AttestationDb} test partition), 10 ms apart.
 */
public final class ChainFixture {

  public static final Instant START = Instant.parse("2026-03-02T08:00:00.000001Z");
  private static final int BATCH = 1_000;
  private static final String INSERT_ROW = "INSERT INTO ingress_attestation (" + AttestationRowReader.COLUMNS
      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_CHECKPOINT = "INSERT INTO attestation_checkpoint (" + Checkpoints.COLUMNS
      + ") VALUES (?, ?, ?, ?, ?, ?)";

  private final DataSource dataSource;
  private final CheckpointSigner signer;

  /** Registers the key, so the checkpoints it signs verify. */
  public ChainFixture(DataSource dataSource, CheckpointKeys keys) {
    this.dataSource = dataSource;
    this.signer = new CheckpointSigner(keys);
    new Checkpoints(dataSource).registerKey(keys);
  }

  /** Appends rows 1..rows for the node, signing the head at every multiple of checkpointEvery. Returns the head hash. */
  public String insertChain(String nodeId, long rows, long checkpointEvery) {
    String prev = ChainHash.GENESIS;
    try (Connection c = dataSource.getConnection();
        PreparedStatement insertRow = c.prepareStatement(INSERT_ROW);
        PreparedStatement insertCheckpoint = c.prepareStatement(INSERT_CHECKPOINT)) {
      c.setAutoCommit(false);
      for (long seq = 1; seq <= rows; seq++) {
        AttestationRow row = ChainHash.link(content(nodeId, seq), prev);
        bind(insertRow, row);
        insertRow.addBatch();
        if (seq % checkpointEvery == 0) {
          bind(insertCheckpoint, signer.sign(nodeId, seq, row.hash(), row.receivedAt().plusMillis(1)));
          insertCheckpoint.addBatch();
        }
        if (seq % BATCH == 0 || seq == rows) {
          insertRow.executeBatch();
          insertCheckpoint.executeBatch();
          c.commit();
        }
        prev = row.hash();
      }
      c.setAutoCommit(true);
      return prev;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot insert chain of " + nodeId, e);
    }
  }

  /**
   * The unlinked content of row seq: varied nulls, outcomes and a non-ASCII subject, like real traffic; every 13th
   * row counts unauthenticated refusals.
   */
  public static AttestationRow content(String nodeId, long seq) {
    Instant at = START.plusMillis(10 * seq);
    if (seq % 13 == 0)
      return new AttestationRow(
          uuidV7Like(at, seq), nodeId, seq, at, "unauthenticated", null, "req-" + nodeId + "-" + seq, null,
          "POST", "/v1/instructions", null, AttestationRow.Outcome.REJECTED, "TOKEN_INVALID,TOKEN_MISSING", 401,
          ChainHash.GENESIS, null, new AttestationRow.Refusals(seq * 3, seq % 2 == 0 ? "127.0.0.1" : "2001:db8::7"));
    boolean rejected = seq % 7 == 0;
    return new AttestationRow(
        uuidV7Like(at, seq), nodeId, seq, at,
        seq % 11 == 0 ? "MFI_Ñandú" : "BANK_" + seq % 3,
        seq % 5 == 0 ? null : "kid-2026-03",
        "req-" + nodeId + "-" + seq,
        seq % 4 == 0 ? null : "idem-" + seq,
        "POST", "/v1/instructions",
        rejected ? null : sha256Hex("body-" + seq),
        rejected ? AttestationRow.Outcome.REJECTED : AttestationRow.Outcome.FORWARDED,
        rejected ? "LIMIT_EXCEEDED" : null,
        rejected ? 422 : null,
        ChainHash.GENESIS, null);
  }

  /** The node's stored rows from..to (inclusive) in chain order. */
  public List<AttestationRow> rows(String nodeId, long from, long to) {
    String sql = "SELECT " + AttestationRowReader.COLUMNS
        + " FROM ingress_attestation WHERE node_id = ? AND node_seq BETWEEN ? AND ? ORDER BY node_seq, received_at";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, nodeId);
      ps.setLong(2, from);
      ps.setLong(3, to);
      List<AttestationRow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(AttestationRowReader.read(rs));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public AttestationRow row(String nodeId, long seq) {
    return rows(nodeId, seq, seq).get(0);
  }

  /** Overwrites every column of the stored row (node, seq) with {@code row}'s values, node_seq included. */
  public void replace(String nodeId, long seq, AttestationRow row) {
    String set = String.join(" = ?, ", AttestationRowReader.COLUMNS.split(", ")) + " = ?";
    String sql = "UPDATE ingress_attestation SET " + set + " WHERE node_id = ? AND node_seq = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, row);
      ps.setString(19, nodeId);
      ps.setLong(20, seq);
      if (ps.executeUpdate() != 1) throw new IllegalStateException("no single row " + nodeId + "/" + seq);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public void insert(AttestationRow row) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_ROW)) {
      bind(ps, row);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(INSERT_ROW, e);
    }
  }

  /** A copy of the row with another path (content edit; prevHash/hash kept). */
  public static AttestationRow withPath(AttestationRow r, String path) {
    return new AttestationRow(r.attestationId(), r.nodeId(), r.nodeSeq(), r.receivedAt(), r.subject(), r.keyId(),
        r.requestId(), r.idempotencyKey(), r.method(), path, r.bodySha256(), r.outcome(), r.problemCode(),
        r.httpStatus(), r.prevHash(), r.hash(), r.refusals());
  }

  /** A copy of the row under another node_seq (everything else kept). */
  public static AttestationRow withSeq(AttestationRow r, long seq) {
    return new AttestationRow(r.attestationId(), r.nodeId(), seq, r.receivedAt(), r.subject(), r.keyId(),
        r.requestId(), r.idempotencyKey(), r.method(), r.path(), r.bodySha256(), r.outcome(), r.problemCode(),
        r.httpStatus(), r.prevHash(), r.hash(), r.refusals());
  }

  /** Time-ordered like UUIDv7 (48-bit milliseconds, version 7, variant 2), strictly increasing with seq. */
  static UUID uuidV7Like(Instant at, long seq) {
    long msb = (at.toEpochMilli() << 16) | 0x7000L | (seq & 0x0fffL);
    long lsb = 0x8000_0000_0000_0000L | (seq & 0x3fff_ffff_ffff_ffffL);
    return new UUID(msb, lsb);
  }

  static void bind(PreparedStatement ps, AttestationRow r) throws SQLException {
    ps.setObject(1, r.attestationId());
    ps.setString(2, r.nodeId());
    ps.setLong(3, r.nodeSeq());
    ps.setObject(4, OffsetDateTime.ofInstant(r.receivedAt(), ZoneOffset.UTC));
    ps.setString(5, r.subject());
    ps.setString(6, r.keyId());
    ps.setString(7, r.requestId());
    ps.setString(8, r.idempotencyKey());
    ps.setString(9, r.method());
    ps.setString(10, r.path());
    ps.setString(11, r.bodySha256());
    ps.setString(12, r.outcome().name());
    ps.setString(13, r.problemCode());
    ps.setObject(14, r.httpStatus(), java.sql.Types.INTEGER);
    ps.setString(15, r.prevHash());
    ps.setString(16, r.hash());
    ps.setObject(17, r.refusals() == null ? null : r.refusals().count(), java.sql.Types.BIGINT);
    ps.setString(18, r.refusals() == null ? null : r.refusals().source());
  }

  static void bind(PreparedStatement ps, Checkpoint cp) throws SQLException {
    ps.setString(1, cp.nodeId());
    ps.setLong(2, cp.nodeSeq());
    ps.setString(3, cp.hash());
    ps.setObject(4, OffsetDateTime.ofInstant(cp.signedAt(), ZoneOffset.UTC));
    ps.setString(5, cp.keyId());
    ps.setString(6, cp.signature());
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
