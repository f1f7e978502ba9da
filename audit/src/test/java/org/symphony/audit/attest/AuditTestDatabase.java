package org.symphony.audit.attest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.symphony.persistence.DatabaseSettings;
import org.symphony.persistence.SymphonyDatabase;

/** An ephemeral embedded PostgreSQL 18 with Symphony's schema (one per test class), and one-line SQL helpers. */
public final class AuditTestDatabase {

  private AuditTestDatabase() {}

  public static SymphonyDatabase start() {
    SymphonyDatabase db = SymphonyDatabase.start(DatabaseSettings.load().withoutExternal().withEphemeral(true).withPort(0)
        .withOwnerPoolSize(16)); // these tests run every component as the owner (tampering, locking)
    db.migrate();
    return db;
  }

  public static long queryLong(SymphonyDatabase db, String sql, Object... params) {
    try (Connection c = db.ownerDataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public static String queryString(SymphonyDatabase db, String sql, Object... params) {
    try (Connection c = db.ownerDataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public static void execute(SymphonyDatabase db, String sql) {
    try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
