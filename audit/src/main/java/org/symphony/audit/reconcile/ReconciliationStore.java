package org.symphony.audit.reconcile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The reconciliation worker's reads of the attestation chain and the read model, and its append-only records.
 * Nothing here updates or deletes: a finding is inserted once (unique indexes make a repeat a no-op). Blocking JDBC.
 */
public final class ReconciliationStore {

  private static final int QUERY_TIMEOUT_SECONDS = 30;

  private final DataSource dataSource;

  public ReconciliationStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * The oldest unreconciled attestations received before {@code cutoff} that are not yet found to be ghosts, at most
   * {@code limit} (ghosts are re-checked by {@link #ghostsWithAnInstruction}, so many ghosts cannot starve new ones).
   */
  public List<OpenAttestation> unreconciled(Instant from, Instant cutoff, int limit) throws SQLException {
    String sql = "SELECT a.attestation_id, a.node_id, a.node_seq, a.subject, a.idempotency_key, a.request_id, a.received_at"
        + " FROM ingress_attestation a WHERE a.received_at >= ? AND" + SupervisionSql.UNRECONCILED_WHERE
        + " AND NOT EXISTS (SELECT 1 FROM reconciliation_record g WHERE g.attestation_id = a.attestation_id AND g.kind = 'GHOST')"
        + " ORDER BY a.received_at, a.node_id, a.node_seq LIMIT ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setObject(1, utc(from));
      ps.setObject(2, utc(cutoff));
      ps.setInt(3, limit);
      List<OpenAttestation> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.add(new OpenAttestation(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getString(4),
              rs.getString(5), rs.getString(6), instant(rs, 7)));
      }
      return out;
    }
  }

  /** Ghosts (not yet accounted) whose participant + Idempotency-Key now have an instruction: a late retry came. */
  public List<Map.Entry<OpenAttestation, KnownInstruction>> ghostsWithAnInstruction(int limit) throws SQLException {
    String sql = "SELECT a.attestation_id, a.node_id, a.node_seq, a.subject, a.idempotency_key, a.request_id, a.received_at,"
        + " s.instruction_id, s.participant_id, s.sequence_id, s.status, s.code, s.attestation_id, s.updated_at"
        + " FROM reconciliation_record g JOIN ingress_attestation a ON a.attestation_id = g.attestation_id"
        + " JOIN instruction_status s ON s.instruction_id = g.instruction_id"
        + " WHERE g.kind = 'GHOST' AND NOT EXISTS (SELECT 1 FROM reconciliation_record r WHERE r.attestation_id = g.attestation_id"
        + " AND r.kind IN " + SupervisionSql.ACCOUNTED_KINDS + ") ORDER BY g.recorded_at LIMIT ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setInt(1, limit);
      List<Map.Entry<OpenAttestation, KnownInstruction>> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.add(Map.entry(
              new OpenAttestation(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                  rs.getString(6), instant(rs, 7)),
              new KnownInstruction(rs.getString(8), rs.getString(9), rs.getLong(10), rs.getString(11), rs.getString(12),
                  rs.getString(13), instant(rs, 14))));
      }
      return out;
    }
  }

  /** The read model's rows for these instruction ids (absent ids are simply missing from the map). */
  public Map<String, KnownInstruction> instructions(Collection<String> instructionIds) throws SQLException {
    Map<String, KnownInstruction> out = new HashMap<>();
    if (instructionIds.isEmpty()) return out;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(KNOWN + " WHERE instruction_id = ANY (?)")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setArray(1, c.createArrayOf("text", instructionIds.toArray()));
      for (KnownInstruction k : known(ps)) out.put(k.instructionId(), k);
      return out;
    }
  }

  public List<SequenceHole> holes(Instant agedBefore, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SupervisionSql.HOLES + " LIMIT ?")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setObject(1, utc(agedBefore));
      ps.setInt(2, limit);
      List<SequenceHole> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new SequenceHole(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
      }
      return out;
    }
  }

  /** The instruction numbered {@code sequenceId} for the participant, if the read model has one. */
  public java.util.Optional<KnownInstruction> numbered(String participantId, long sequenceId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(KNOWN + " WHERE participant_id = ? AND sequence_id = ?")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, participantId);
      ps.setLong(2, sequenceId);
      return known(ps).stream().findFirst();
    }
  }

  public List<Zombie> zombies(Instant stuckBefore, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SupervisionSql.ZOMBIES + " LIMIT ?")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setObject(1, utc(stuckBefore));
      ps.setInt(2, limit);
      List<Zombie> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new Zombie(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4)));
      }
      return out;
    }
  }

  /** Instructions waiting for operators: UNKNOWN_OUTCOME, and dead-lettered failures. */
  public List<KnownInstruction> awaitingOperators(int limit) throws SQLException {
    String sql = KNOWN + " WHERE status = 'UNKNOWN_OUTCOME' OR (code = 'DLQ' AND status = 'FAILED') ORDER BY updated_at LIMIT ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setInt(1, limit);
      return known(ps);
    }
  }

  private static final String KNOWN =
      "SELECT instruction_id, participant_id, sequence_id, status, code, attestation_id, updated_at FROM instruction_status";

  private static List<KnownInstruction> known(PreparedStatement ps) throws SQLException {
    List<KnownInstruction> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next())
        out.add(new KnownInstruction(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
            rs.getString(6), instant(rs, 7)));
    }
    return out;
  }

  /**
   * Appends a finding about an attestation (ACCOUNTED_BY_*, GHOST, GHOST_ABANDONED). False when it was already
   * recorded: the first record stands.
   */
  public boolean recordAttestation(ReconciliationKind kind, OpenAttestation a, String instructionId, String evidence, String by)
      throws SQLException {
    String sql = "INSERT INTO reconciliation_record (kind, attestation_id, participant_id, idempotency_key, instruction_id,"
        + " evidence, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, kind.name());
      ps.setObject(2, a.attestationId());
      ps.setString(3, a.participantId());
      ps.setString(4, a.idempotencyKey());
      ps.setString(5, instructionId);
      ps.setString(6, evidence);
      ps.setString(7, by);
      return ps.executeUpdate() == 1;
    }
  }

  /** Appends the VOID of a sequence id; false when it was already recorded. */
  public boolean recordVoid(VoidedSequence v, String by) throws SQLException {
    String sql = "INSERT INTO reconciliation_record (kind, participant_id, instruction_id, sequence_id, evidence, recorded_by)"
        + " VALUES ('SEQUENCE_VOID', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, v.participantId());
      ps.setString(2, v.instructionId());
      ps.setLong(3, v.sequenceId());
      ps.setString(4, v.reason() + " at " + v.at() + ": " + v.detail());
      ps.setString(5, by);
      return ps.executeUpdate() == 1;
    }
  }

  /** The attestation row a GHOST incident names, for the operators' abandon record. */
  public java.util.Optional<OpenAttestation> attestation(UUID attestationId) throws SQLException {
    String sql = "SELECT a.attestation_id, a.node_id, a.node_seq, a.subject, a.idempotency_key, a.request_id, a.received_at"
        + " FROM ingress_attestation a WHERE a.attestation_id = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setObject(1, attestationId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return java.util.Optional.empty();
        return java.util.Optional.of(new OpenAttestation(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3),
            rs.getString(4), rs.getString(5), rs.getString(6), instant(rs, 7)));
      }
    }
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
