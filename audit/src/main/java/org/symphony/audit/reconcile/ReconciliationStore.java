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
import org.symphony.engine.instruction.InstructionStatus;
import org.symphony.persistence.LooseIndexScan;

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
    String sql = "SELECT " + ATTESTATION_COLUMNS + " FROM ingress_attestation a WHERE a.received_at >= ? AND" + SupervisionSql.UNRECONCILED_WHERE
        + " AND NOT EXISTS (SELECT 1 FROM reconciliation_record g WHERE g.attestation_id = a.attestation_id AND g.kind = 'GHOST')"
        + " ORDER BY a.received_at, a.node_id, a.node_seq LIMIT ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setObject(1, utc(from));
      ps.setObject(2, utc(cutoff));
      ps.setInt(3, limit);
      List<OpenAttestation> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(attestation(rs, 1));
      }
      return out;
    }
  }

  /** Ghosts (not yet accounted) whose participant + Idempotency-Key now have an instruction: a late retry came. */
  public List<Map.Entry<OpenAttestation, KnownInstruction>> ghostsWithAnInstruction(int limit) throws SQLException {
    String sql = "SELECT " + ATTESTATION_COLUMNS + ", " + INSTRUCTION_COLUMNS + " FROM reconciliation_record g JOIN ingress_attestation a ON a.attestation_id = g.attestation_id"
        + " JOIN instruction_status s ON s.instruction_id = g.instruction_id"
        + " WHERE g.kind = 'GHOST' AND NOT EXISTS (SELECT 1 FROM reconciliation_record r WHERE r.attestation_id = g.attestation_id"
        + " AND r.kind IN " + SupervisionSql.ACCOUNTED_KINDS + ") ORDER BY g.recorded_at LIMIT ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setInt(1, limit);
      List<Map.Entry<OpenAttestation, KnownInstruction>> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(Map.entry(attestation(rs, 1), instruction(rs, 8)));
      }
      return out;
    }
  }

  /** The read model's rows for these instruction ids (absent ids are simply missing from the map). */
  public Map<String, KnownInstruction> instructions(Collection<String> instructionIds) throws SQLException {
    Map<String, KnownInstruction> out = new HashMap<>();
    if (instructionIds.isEmpty()) return out;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT " + INSTRUCTION_COLUMNS + " FROM instruction_status s WHERE s.instruction_id = ANY (?)")) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setArray(1, c.createArrayOf("text", instructionIds.toArray()));
      for (KnownInstruction k : instructions(ps)) out.put(k.instructionId(), k);
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

  /** A number a participant's sequence is known to hold (an instruction's or a VOID), and when it was seen. */
  public record KnownNumber(long sequenceId, Instant seenAt) {}

  /**
   * Participants with numbers in the read model or among the VOIDs: a loose index scan of each unique index (one
   * probe per participant), not a scan of every instruction.
   */
  public List<String> sequencedParticipants() throws SQLException {
    String sql = "WITH RECURSIVE "
        + LooseIndexScan.cte("s", "instruction_status", "participant_id", "true", null) + ", "
        + LooseIndexScan.cte("v", "reconciliation_record", "participant_id", "kind = 'SEQUENCE_VOID'", null)
        + " SELECT participant_id FROM s WHERE participant_id IS NOT NULL"
        + " UNION SELECT participant_id FROM v WHERE participant_id IS NOT NULL";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
      return out;
    }
  }

  /**
   * For each participant, its known numbers above the given one, in order, at most {@code perParticipant} of them:
   * two index range scans per participant, in one round trip.
   */
  public Map<String, List<KnownNumber>> knownNumbersAfter(Map<String, Long> after, int perParticipant) throws SQLException {
    Map<String, List<KnownNumber>> out = new HashMap<>();
    if (after.isEmpty()) return out;
    String sql = "SELECT m.participant_id, k.sequence_id, k.seen_at FROM unnest(?::text[], ?::bigint[]) AS m(participant_id, after)"
        + " CROSS JOIN LATERAL (SELECT sequence_id, seen_at FROM ("
        + " SELECT s.sequence_id, s.accepted_at AS seen_at FROM instruction_status s"
        + " WHERE s.participant_id = m.participant_id AND s.sequence_id > m.after"
        + " UNION ALL SELECT r.sequence_id, r.recorded_at FROM reconciliation_record r"
        + " WHERE r.kind = 'SEQUENCE_VOID' AND r.participant_id = m.participant_id AND r.sequence_id > m.after"
        + ") known ORDER BY sequence_id LIMIT ?) k ORDER BY m.participant_id, k.sequence_id";
    List<String> ids = new ArrayList<>(after.keySet());
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setArray(1, c.createArrayOf("text", ids.toArray()));
      ps.setArray(2, c.createArrayOf("bigint", ids.stream().map(after::get).toArray()));
      ps.setInt(3, perParticipant);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new KnownNumber(rs.getLong(2), instant(rs, 3)));
      }
      return out;
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

  /**
   * Instructions waiting for operators (UNKNOWN_OUTCOME, dead-lettered failures) that have no incident yet: the
   * engine reports them itself, so this only finds the ones a crash kept from being written.
   */
  public List<KnownInstruction> awaitingOperatorsWithoutIncident(int limit) throws SQLException {
    String sql = "SELECT " + INSTRUCTION_COLUMNS + " FROM instruction_status s"
        + " WHERE (s.status = 'UNKNOWN_OUTCOME' OR (s.code = 'DLQ' AND s.status = 'FAILED'))"
        + " AND NOT EXISTS (SELECT 1 FROM audit_incident i WHERE i.dedup_key ="
        + " (CASE WHEN s.status = 'UNKNOWN_OUTCOME' THEN 'UNKNOWN_OUTCOME:' ELSE 'DLQ:' END) || s.instruction_id)"
        + " ORDER BY s.updated_at LIMIT ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setInt(1, limit);
      return instructions(ps);
    }
  }

  /** Open STUCK_IN_FLIGHT incidents whose instruction ended, escalated, or recorded progress since {@code stuckBefore}. */
  public List<RepairedIncident> zombiesMovedOn(Instant stuckBefore, int limit) throws SQLException {
    return repaired("JOIN instruction_status s ON s.instruction_id = i.instruction_id", "STUCK_IN_FLIGHT",
        " AND (s.status NOT IN ('PENDING', 'IN_FLIGHT', 'RECOVERING') OR s.updated_at >= ?)", stuckBefore, limit);
  }

  /** Open UNKNOWN_OUTCOME incidents whose instruction is terminal (resolved in its journal, the desk stopped after). */
  public List<RepairedIncident> unknownOutcomesResolved(int limit) throws SQLException {
    return repaired("JOIN instruction_status s ON s.instruction_id = i.instruction_id", "UNKNOWN_OUTCOME",
        " AND s.status IN ('SUCCEEDED', 'FAILED', 'REJECTED')", null, limit);
  }

  /** Open SEQUENCE_GAP incidents whose number now has an instruction (its acceptance came late). */
  public List<RepairedIncident> sequenceGapsFilled(int limit) throws SQLException {
    return repaired("JOIN instruction_status s ON s.participant_id = i.participant_id AND s.sequence_id = i.sequence_id",
        "SEQUENCE_GAP", "", null, limit);
  }

  /** Open incidents of a kind joined to the instruction that repairs them; oldest first, so none starves. */
  private List<RepairedIncident> repaired(String join, String kind, String condition, Instant since, int limit) throws SQLException {
    String sql = "SELECT i.incident_id, " + INSTRUCTION_COLUMNS + " FROM audit_incident i " + join
        + " WHERE i.kind = ? AND NOT EXISTS (SELECT 1 FROM incident_resolution r WHERE r.incident_id = i.incident_id)"
        + condition + " ORDER BY i.created_at LIMIT ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      int n = 1;
      ps.setString(n++, kind);
      if (since != null) ps.setObject(n++, utc(since));
      ps.setInt(n, limit);
      List<RepairedIncident> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new RepairedIncident(rs.getObject(1, UUID.class), instruction(rs, 2)));
      }
      return out;
    }
  }

  private static final String ATTESTATION_COLUMNS =
      "a.attestation_id, a.node_id, a.node_seq, a.subject, a.idempotency_key, a.request_id, a.received_at";
  private static final String INSTRUCTION_COLUMNS =
      "s.instruction_id, s.participant_id, s.sequence_id, s.status, s.code, s.attestation_id, s.updated_at";

  /** The seven {@link #ATTESTATION_COLUMNS} from column {@code from} on. */
  private static OpenAttestation attestation(ResultSet rs, int from) throws SQLException {
    return new OpenAttestation(rs.getObject(from, UUID.class), rs.getString(from + 1), rs.getLong(from + 2), rs.getString(from + 3),
        rs.getString(from + 4), rs.getString(from + 5), instant(rs, from + 6));
  }

  /** The seven {@link #INSTRUCTION_COLUMNS} from column {@code from} on. */
  private static KnownInstruction instruction(ResultSet rs, int from) throws SQLException {
    return new KnownInstruction(rs.getString(from), rs.getString(from + 1), rs.getLong(from + 2),
        InstructionStatus.valueOf(rs.getString(from + 3)), rs.getString(from + 4), rs.getString(from + 5), instant(rs, from + 6));
  }

  private static List<KnownInstruction> instructions(PreparedStatement ps) throws SQLException {
    List<KnownInstruction> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) out.add(instruction(rs, 1));
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
    String sql = "SELECT " + ATTESTATION_COLUMNS + " FROM ingress_attestation a WHERE a.attestation_id = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setObject(1, attestationId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? java.util.Optional.of(attestation(rs, 1)) : java.util.Optional.empty();
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
