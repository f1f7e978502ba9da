package org.symphony.audit.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.symphony.persistence.DatabaseSettings;
import org.symphony.persistence.SymphonyDatabase;

/**
 * A throw-away embedded PostgreSQL 18 with Symphony's schema and one test partition of ingress_attestation
 * covering 2026 (named so it cannot clash with the partition manager's ingress_attestation_pYYYYMMDD).
 */
public final class AttestationDb implements AutoCloseable {

  public static final String TEST_PARTITION = "ingress_attestation_test2026";

  private final SymphonyDatabase db;

  private AttestationDb(SymphonyDatabase db) {
    this.db = db;
  }

  public static AttestationDb start() {
    SymphonyDatabase db = SymphonyDatabase.start(
        DatabaseSettings.load().withoutExternal().withEphemeral(true).withPort(0).withPoolSize(4).withOwnerPoolSize(4));
    try {
      db.migrate();
      AttestationDb adb = new AttestationDb(db);
      adb.execute("CREATE TABLE " + TEST_PARTITION + " PARTITION OF ingress_attestation "
          + "FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00')");
      return adb;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** As the schema owner: these tests create partitions, truncate chains and tamper with rows. */
  public DataSource dataSource() {
    return db.ownerDataSource();
  }

  /** Empties the chains and checkpoints (keys stay registered), so each test starts from a fresh chain. */
  public void clearChains() {
    execute("TRUNCATE ingress_attestation, attestation_checkpoint");
  }

  public void execute(String sql) {
    try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    db.close();
  }
}
