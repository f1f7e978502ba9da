package org.symphony.audit.gap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import javax.sql.DataSource;
import org.symphony.audit.reconcile.SupervisionSql;

/**
 * The attestation-gap metric (INV-GAP), counted every gap-interval without reading the whole chain. Every
 * attestation received before the watermark has an outcome or is accounted for, and stays so (outcomes and
 * reconciliation records are append-only), so a count reads only what was received after it, less a margin for
 * other nodes' clocks and late group commits: a range of the received-at index. The oldest attestation still open
 * holds the watermark where it is. The same definition as {@link GapQuery#count()}, which reads everything (for
 * the supervisor's report); per incarnation, so the first count reads everything too. One count at a time.
 */
public final class GapGauge {

  private static final int QUERY_TIMEOUT_SECONDS = 30;
  private static final String COUNT = "SELECT count(*), min(a.received_at) FROM ingress_attestation a WHERE a.received_at >= ? AND"
      + SupervisionSql.UNRECONCILED_WHERE;

  private final DataSource dataSource;
  private final GapSettings settings;
  private final Clock clock;
  private Instant reconciledBefore = Instant.EPOCH.plus(SupervisionSql.CLOCK_SKEW_MARGIN);

  public GapGauge(DataSource dataSource, GapSettings settings, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public synchronized long count() throws SQLException {
    Instant cutoff = clock.instant().minus(settings.grace());
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(COUNT)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setObject(1, utc(reconciledBefore.minus(SupervisionSql.CLOCK_SKEW_MARGIN)));
      ps.setObject(2, utc(cutoff));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long open = rs.getLong(1);
        OffsetDateTime oldestOpen = rs.getObject(2, OffsetDateTime.class);
        Instant next = open == 0 ? cutoff : oldestOpen.toInstant();
        if (next.isAfter(reconciledBefore)) reconciledBefore = next;
        return open;
      }
    }
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
