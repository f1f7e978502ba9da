package org.symphony.audit.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.audit.chain.ChainHash;
import org.symphony.audit.verify.AttestationRowReader;
import org.symphony.persistence.SymphonyDatabase;

/** Reads a node's rows back and checks them the way audit/CHAIN.md says a verifier must. */
public final class ChainRows {

  private ChainRows() {}

  public static List<AttestationRow> read(SymphonyDatabase db, String table, String nodeId) {
    String sql = "SELECT " + AttestationRowReader.COLUMNS + " FROM " + table + " WHERE node_id = ? ORDER BY node_seq";
    try (Connection c = db.ownerDataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, nodeId);
      List<AttestationRow> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) rows.add(AttestationRowReader.read(rs));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public static List<AttestationRow> read(SymphonyDatabase db, String nodeId) {
    return read(db, "ingress_attestation", nodeId);
  }

  /** Sequences 1..n, prev links, recomputed hashes, strictly increasing ids. */
  public static void assertIntact(List<AttestationRow> rows) {
    String prev = ChainHash.GENESIS;
    UUID previousId = null;
    for (int i = 0; i < rows.size(); i++) {
      AttestationRow row = rows.get(i);
      assertEquals(i + 1, row.nodeSeq(), "node_seq without hole");
      assertEquals(prev, row.prevHash(), "prev_hash at " + row.nodeSeq());
      assertEquals(ChainHash.hashOf(row, prev), row.hash(), "hash at " + row.nodeSeq());
      if (previousId != null) assertTrue(compareUnsigned(previousId, row.attestationId()) < 0, "id increases at " + row.nodeSeq());
      prev = row.hash();
      previousId = row.attestationId();
    }
  }

  /** PostgreSQL's (and RFC 9562's) order: byte-wise, i.e. unsigned. */
  public static int compareUnsigned(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }
}
