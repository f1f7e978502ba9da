package org.symphony.audit.gap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The attestation gap (INV-GAP): FORWARDED attestations received more than the grace period ago (by the injected
 * clock) that have no row in attestation_outcome and that the reconciliation worker has not accounted for (by the
 * instruction their participant + Idempotency-Key derive, or by two operators abandoning the ghost). Each one is a
 * request that reached the engine's door and is not yet shown to have an outcome; open ghosts stay here.
 * Blocking JDBC: call off the Pekko dispatchers.
 */
public final class GapQuery {

  public static final int MAX_LIMIT = 10_000;
  private static final int QUERY_TIMEOUT_SECONDS = 30;
  private static final String GAPS = " FROM ingress_attestation a WHERE" + org.symphony.audit.reconcile.SupervisionSql.UNRECONCILED_WHERE;

  private final DataSource dataSource;
  private final GapSettings settings;
  private final Clock clock;

  public GapQuery(DataSource dataSource, GapSettings settings, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The oldest gaps first, at most {@code limit} (1..{@value #MAX_LIMIT}). */
  public List<AttestationGap> gaps(int limit) throws SQLException {
    if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be in [1, " + MAX_LIMIT + "]: " + limit);
    String sql = "SELECT a.attestation_id, a.node_id, a.node_seq, a.request_id, a.received_at" + GAPS
        + " ORDER BY a.received_at, a.node_id, a.node_seq LIMIT ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setObject(1, cutoff());
      ps.setInt(2, limit);
      List<AttestationGap> gaps = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          gaps.add(new AttestationGap(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getString(4),
              rs.getObject(5, OffsetDateTime.class).toInstant()));
        }
      }
      return gaps;
    }
  }

  /** How many gaps there are now: the attestation-gap metric, which must be 0. */
  public long count() throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT count(*)" + GAPS)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setObject(1, cutoff());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private OffsetDateTime cutoff() {
    return OffsetDateTime.ofInstant(clock.instant().minus(settings.grace()), ZoneOffset.UTC);
  }
}
