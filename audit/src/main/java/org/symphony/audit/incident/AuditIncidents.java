package org.symphony.audit.incident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Incidents and their lifecycle: {@code audit_incident} (the detection, numbered INC-YYYYMMDD-NNN per UTC day) and
 * {@code incident_resolution} (at most one ending, never edited). Blocking JDBC: call from a dedicated thread,
 * never a Pekko dispatcher.
 */
public final class AuditIncidents {

  public static final int MAX_LIST = 1_000;
  private static final int QUERY_TIMEOUT_SECONDS = 5;
  private static final int MAX_DETAIL_CHARS = 4_000;
  private static final String UNIQUE_VIOLATION = "23505";

  private static final String SELECT =
      "SELECT i.incident_id, i.reference, i.kind, i.node_id, i.participant_id, i.instruction_id, i.attestation_id,"
          + " i.sequence_id, i.detail, i.created_at, r.status, r.resolved_at, r.resolved_by, r.detail"
          + " FROM audit_incident i LEFT JOIN incident_resolution r ON r.incident_id = i.incident_id";
  private static final String NEXT_NUMBER =
      "INSERT INTO incident_day_counter (day, last_no) VALUES ((now() AT TIME ZONE 'UTC')::date, 1)"
          + " ON CONFLICT (day) DO UPDATE SET last_no = incident_day_counter.last_no + 1"
          // At least three digits, more from the 1,000th of a day on (lpad alone cuts 1000 to '100': a duplicate).
          + " RETURNING 'INC-' || to_char(day, 'YYYYMMDD') || '-' || lpad(last_no::text, greatest(3, length(last_no::text)), '0')";
  private static final String INSERT =
      "INSERT INTO audit_incident (kind, node_id, detail, reference, dedup_key, participant_id, instruction_id,"
          + " attestation_id, sequence_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING incident_id";

  private final DataSource dataSource;

  public AuditIncidents(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Records a one-off incident (no dedup) and returns its id; the database stamps the detection time. */
  public UUID record(IncidentKind kind, String nodeId, String detail) throws SQLException {
    Objects.requireNonNull(kind, "kind");
    return insert(kind, null, nodeId, null, null, null, null, detail);
  }

  /** Opens the incident, or returns the one already recorded for the same fact (its dedup key). */
  public Opened open(NewIncident n) throws SQLException {
    Optional<AuditIncident> existing = byDedupKey(n.dedupKey());
    if (existing.isPresent()) return new Opened(existing.get(), false);
    try {
      insert(n.kind(), n.dedupKey(), n.nodeId(), n.participantId(), n.instructionId(), n.attestationId(), n.sequenceId(), n.detail());
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) throw e; // another writer opened it first: that one stands
      return new Opened(byDedupKey(n.dedupKey()).orElseThrow(() -> e), false);
    }
    return new Opened(byDedupKey(n.dedupKey()).orElseThrow(), true);
  }

  public record Opened(AuditIncident incident, boolean created) {}

  /**
   * Records how the incident ended. Empty when it had already ended (the first ending stands) or does not exist.
   */
  public Optional<AuditIncident> resolve(UUID incidentId, IncidentStatus status, String by, String detail) throws SQLException {
    if (status == IncidentStatus.OPEN) throw new IllegalArgumentException("OPEN is not an ending");
    String sql = "INSERT INTO incident_resolution (incident_id, status, resolved_by, detail) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (incident_id) DO NOTHING";
    int inserted;
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setObject(1, incidentId);
      ps.setString(2, status.name());
      ps.setString(3, Objects.requireNonNull(by, "by"));
      ps.setString(4, bounded(Objects.requireNonNull(detail, "detail")));
      inserted = ps.executeUpdate();
    }
    return inserted == 1 ? byId(incidentId) : Optional.empty();
  }

  /** By reference (INC-…) or by incident id (UUID text). */
  public Optional<AuditIncident> find(String idOrReference) throws SQLException {
    if (idOrReference == null) return Optional.empty();
    try {
      return byId(UUID.fromString(idOrReference));
    } catch (IllegalArgumentException notUuid) {
      return one(SELECT + " WHERE i.reference = ?", idOrReference);
    }
  }

  public Optional<AuditIncident> byId(UUID incidentId) throws SQLException {
    return one(SELECT + " WHERE i.incident_id = ?", incidentId);
  }

  public Optional<AuditIncident> byDedupKey(String dedupKey) throws SQLException {
    return one(SELECT + " WHERE i.dedup_key = ?", dedupKey);
  }

  /** Newest first. */
  public List<AuditIncident> list(IncidentFilter f) throws SQLException {
    StringBuilder sql = new StringBuilder(SELECT).append(" WHERE true");
    List<Object> args = new ArrayList<>();
    if (f.status() == IncidentStatus.OPEN) sql.append(" AND r.incident_id IS NULL");
    else if (f.status() != null) {
      sql.append(" AND r.status = ?");
      args.add(f.status().name());
    }
    if (f.kind() != null) {
      sql.append(" AND i.kind = ?");
      args.add(f.kind());
    }
    if (f.participantId() != null) {
      sql.append(" AND i.participant_id = ?");
      args.add(f.participantId());
    }
    sql.append(" ORDER BY i.created_at DESC, i.incident_id DESC LIMIT ?");
    args.add(f.limit());
    return query(sql.toString(), args.toArray());
  }

  /** How many incidents are open, by kind (the exact count, however many there are). */
  public java.util.Map<String, Long> openCountsByKind() throws SQLException {
    String sql = "SELECT i.kind, count(*) FROM audit_incident i"
        + " WHERE NOT EXISTS (SELECT 1 FROM incident_resolution r WHERE r.incident_id = i.incident_id) GROUP BY i.kind";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      java.util.Map<String, Long> out = new java.util.HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
      }
      return out;
    }
  }

  /** The newest incidents of a kind, newest first (at most {@value #MAX_LIST}). */
  public List<AuditIncident> recent(IncidentKind kind, int limit) throws SQLException {
    return list(new IncidentFilter(null, kind.name(), null, limit));
  }

  private UUID insert(
      IncidentKind kind, String dedupKey, String nodeId, String participantId, String instructionId, UUID attestationId,
      Long sequenceId, String detail) throws SQLException {
    Objects.requireNonNull(detail, "detail");
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        String reference;
        try (PreparedStatement ps = c.prepareStatement(NEXT_NUMBER)) {
          ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            reference = rs.getString(1);
          }
        }
        UUID id;
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
          ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
          ps.setString(1, kind.name());
          ps.setString(2, nodeId);
          ps.setString(3, bounded(detail));
          ps.setString(4, reference);
          ps.setString(5, dedupKey);
          ps.setString(6, participantId);
          ps.setString(7, instructionId);
          ps.setObject(8, attestationId);
          if (sequenceId == null) ps.setNull(9, java.sql.Types.BIGINT);
          else ps.setLong(9, sequenceId);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            id = rs.getObject(1, UUID.class);
          }
        }
        c.commit();
        return id;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private Optional<AuditIncident> one(String sql, Object arg) throws SQLException {
    List<AuditIncident> found = query(sql, arg);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  private List<AuditIncident> query(String sql, Object... args) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      List<AuditIncident> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(read(rs));
      }
      return out;
    }
  }

  private static AuditIncident read(ResultSet rs) throws SQLException {
    String status = rs.getString(11);
    long seq = rs.getLong(8);
    Long sequenceId = rs.wasNull() ? null : seq;
    return new AuditIncident(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getString(3),
        status == null ? IncidentStatus.OPEN : IncidentStatus.valueOf(status),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getObject(7, UUID.class),
        sequenceId,
        rs.getString(9),
        instant(rs, 10),
        instant(rs, 12),
        rs.getString(13),
        rs.getString(14));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static String bounded(String text) {
    return text.length() > MAX_DETAIL_CHARS ? text.substring(0, MAX_DETAIL_CHARS) : text;
  }
}
