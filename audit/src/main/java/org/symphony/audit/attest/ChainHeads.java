package org.symphony.audit.attest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a node's chain head: its highest node_seq. A node that has been idle past the archive retention has its
 * head only in a detached (archived) partition, so those are consulted when the live table has none; without
 * that, the node would restart its chain at 1 and fork it.
 */
final class ChainHeads {

  private static final String HEAD_OF =
      " WHERE node_id = ? ORDER BY node_seq DESC LIMIT 1";
  private static final String COLUMNS = "SELECT node_seq, hash, attestation_id FROM ";

  private ChainHeads() {}

  static ChainHead read(Connection c, String nodeId) throws SQLException {
    Optional<ChainHead> live = readFrom(c, "ingress_attestation", nodeId);
    if (live.isPresent()) return live.get();
    for (String archived : archivedTables(c)) {
      Optional<ChainHead> head = readFrom(c, quoteIdentifier(archived), nodeId);
      if (head.isPresent()) return head.get();
    }
    return ChainHead.empty(nodeId);
  }

  private static Optional<ChainHead> readFrom(Connection c, String table, String nodeId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(COLUMNS + table + HEAD_OF)) {
      ps.setString(1, nodeId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new ChainHead(nodeId, rs.getLong(1), rs.getString(2), Optional.of(rs.getObject(3, UUID.class))));
      }
    }
  }

  /** Archived partitions that still exist, newest range first. */
  private static List<String> archivedTables(Connection c) throws SQLException {
    String sql = "SELECT partition_name FROM attestation_archive "
        + "WHERE to_regclass(quote_ident(partition_name)) IS NOT NULL ORDER BY range_end DESC";
    List<String> names = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) names.add(rs.getString(1));
    }
    return names;
  }

  static String quoteIdentifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
