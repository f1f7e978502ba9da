package org.symphony.audit.checkpoint;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * attestation_signing_key and attestation_checkpoint. Blocking JDBC: call from a blocking dispatcher.
 */
public final class Checkpoints implements CheckpointSink {

  private static final int QUERY_TIMEOUT_SECONDS = 10;
  public static final String COLUMNS = "node_id, node_seq, hash, signed_at, key_id, signature";

  private final DataSource dataSource;

  public Checkpoints(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Records the public key next to the checkpoints it signs, for tools that want to show it. Verifiers never trust a
   * key for being here: they pin keys themselves. Idempotent; throws if the fingerprint is already registered for a
   * different key (someone tampering with the table).
   */
  public void registerKey(CheckpointKeys keys) {
    String insert = "INSERT INTO attestation_signing_key (key_id, algorithm, public_key_der) VALUES (?, ?, ?) "
        + "ON CONFLICT (key_id) DO NOTHING";
    String select = "SELECT public_key_der FROM attestation_signing_key WHERE key_id = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ins = c.prepareStatement(insert);
        PreparedStatement sel = c.prepareStatement(select)) {
      ins.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ins.setString(1, keys.keyId());
      ins.setString(2, CheckpointKeys.ALGORITHM);
      ins.setString(3, keys.publicKeyBase64());
      ins.executeUpdate();
      sel.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      sel.setString(1, keys.keyId());
      try (ResultSet rs = sel.executeQuery()) {
        rs.next();
        if (!keys.publicKeyBase64().equals(rs.getString(1))) {
          throw new IllegalStateException("Signing key id " + keys.keyId() + " is registered for a different public key");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot register checkpoint signing key " + keys.keyId(), e);
    }
  }

  /**
   * Stores a signed checkpoint. Signing the same head twice is harmless (the first one stays); a different hash for
   * an already signed (node, seq) is refused, because it means the chain was rewritten under this node.
   */
  @Override
  public void store(Checkpoint cp) {
    String sql = "INSERT INTO attestation_checkpoint (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) "
        + "ON CONFLICT (node_id, node_seq) DO NOTHING";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, cp.nodeId());
      ps.setLong(2, cp.nodeSeq());
      ps.setString(3, cp.hash());
      ps.setObject(4, OffsetDateTime.ofInstant(cp.signedAt(), ZoneOffset.UTC));
      ps.setString(5, cp.keyId());
      ps.setString(6, cp.signature());
      if (ps.executeUpdate() == 0) {
        Checkpoint existing = at(cp.nodeId(), cp.nodeSeq()).orElseThrow();
        if (!existing.hash().equals(cp.hash())) {
          throw new IllegalStateException("Node " + cp.nodeId() + " seq " + cp.nodeSeq() + " was already signed with hash "
              + existing.hash() + ", now " + cp.hash());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot store checkpoint " + cp.nodeId() + "/" + cp.nodeSeq(), e);
    }
  }

  /** The node's highest signed sequence, if any (where a restarted node's Checkpointer continues). */
  public Optional<Checkpoint> latest(String nodeId) {
    return queryOne("SELECT " + COLUMNS + " FROM attestation_checkpoint WHERE node_id = ? ORDER BY node_seq DESC LIMIT 1",
        nodeId, null);
  }

  public Optional<Checkpoint> at(String nodeId, long nodeSeq) {
    return queryOne("SELECT " + COLUMNS + " FROM attestation_checkpoint WHERE node_id = ? AND node_seq = ?", nodeId, nodeSeq);
  }

  /** All of a node's checkpoints in sequence order. Loads them all: for tools and tests, not for the verifier. */
  public List<Checkpoint> forNode(String nodeId) {
    String sql = "SELECT " + COLUMNS + " FROM attestation_checkpoint WHERE node_id = ? ORDER BY node_seq";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, nodeId);
      List<Checkpoint> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(read(rs));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read checkpoints of " + nodeId, e);
    }
  }

  /** Every registered public key by key id. */
  public Map<String, PublicKey> publicKeys() {
    try (Connection c = dataSource.getConnection()) {
      return publicKeys(c);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read checkpoint signing keys", e);
    }
  }

  /**
   * Every registered public key, read on the caller's connection (so a verifier sees them in its own snapshot).
   * A key that does not decode, or whose key id is not derived from it (its DER was swapped under a known id), is
   * left out. None of them is trusted for being here: a verifier uses one only where it matches a pinned fingerprint.
   */
  public static Map<String, PublicKey> publicKeys(Connection c) throws SQLException {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT key_id, public_key_der FROM attestation_signing_key");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        try {
          PublicKey key = CheckpointKeys.decodePublicKey(rs.getString(2));
          String fingerprint = CheckpointKeys.keyIdOf(key);
          String id = rs.getString(1);
          boolean derived = fingerprint.equals(id)
              || id.length() == CheckpointKeys.LEGACY_KEY_ID_LENGTH && fingerprint.startsWith(id);
          if (derived) keys.put(id, key);
        } catch (GeneralSecurityException undecodable) {
          // skipped on purpose, see above
        }
      }
    }
    return keys;
  }

  /** Reads one row selected as {@link #COLUMNS}. */
  public static Checkpoint read(ResultSet rs) throws SQLException {
    return new Checkpoint(
        rs.getString("node_id"),
        rs.getLong("node_seq"),
        rs.getString("hash"),
        rs.getObject("signed_at", OffsetDateTime.class).toInstant(),
        rs.getString("key_id"),
        rs.getString("signature"));
  }

  private Optional<Checkpoint> queryOne(String sql, String nodeId, Long nodeSeq) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, nodeId);
      if (nodeSeq != null) ps.setLong(2, nodeSeq);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read checkpoints of " + nodeId, e);
    }
  }
}
