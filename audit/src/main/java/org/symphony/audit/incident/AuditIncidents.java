package org.symphony.audit.incident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/** The {@code audit_incident} table. Blocking JDBC: call from a dedicated thread, never a Pekko dispatcher. */
public final class AuditIncidents {

  private static final int QUERY_TIMEOUT_SECONDS = 5;
  private static final int MAX_DETAIL_CHARS = 4_000;
  private static final int MAX_LIST = 1_000;

  private final DataSource dataSource;

  public AuditIncidents(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Records an incident and returns its id; the database stamps created_at. */
  public UUID record(IncidentKind kind, String nodeId, String detail) throws SQLException {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
    String bounded = detail.length() > MAX_DETAIL_CHARS ? detail.substring(0, MAX_DETAIL_CHARS) : detail;
    String sql = "INSERT INTO audit_incident (kind, node_id, detail) VALUES (?, ?, ?) RETURNING incident_id";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, kind.name());
      ps.setString(2, nodeId);
      ps.setString(3, bounded);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getObject(1, UUID.class);
      }
    }
  }

  /** The newest incidents of a kind, newest first (at most {@value #MAX_LIST}). */
  public List<AuditIncident> recent(IncidentKind kind, int limit) throws SQLException {
    Objects.requireNonNull(kind, "kind");
    if (limit < 1 || limit > MAX_LIST) throw new IllegalArgumentException("limit must be in [1, " + MAX_LIST + "]: " + limit);
    String sql = "SELECT incident_id, kind, node_id, detail, created_at FROM audit_incident WHERE kind = ? "
        + "ORDER BY created_at DESC, incident_id DESC LIMIT ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, kind.name());
      ps.setInt(2, limit);
      List<AuditIncident> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new AuditIncident(
              rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getObject(5, OffsetDateTime.class).toInstant()));
        }
      }
      return out;
    }
  }
}
