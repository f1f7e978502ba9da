package org.symphony.audit.evidence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.symphony.engine.instruction.DuplicateTags;
import org.symphony.engine.instruction.InstructionEntity;
import org.symphony.engine.instruction.InstructionEvent;

/**
 * The figures of the bundle that the database holds, each one query a regulator can run himself (docs/EVIDENCE.md
 * prints them). Read-only: the node's own role is enough.
 */
public final class DatabaseEvidence {

  /** Journal manifests of the instruction events counted here (pekko-serialization-jackson writes the class name). */
  static final String DISPATCH_STARTED = InstructionEvent.DispatchStarted.class.getName();
  static final String DISPATCH_UNCERTAIN = InstructionEvent.DispatchUncertain.class.getName();

  public record Idempotency(long duplicateRequests, long replayed, long keyReused, long terminalReentry, long instructionsPerKeyMax) {
    public long blocked() {
      return replayed + keyReused;
    }
  }

  public record Retries(long instructionsDispatched, long dispatchAttempts, long instructionsRetried, long maxAttempts, long statusRecoveries) {
    public long retries() {
      return dispatchAttempts - instructionsDispatched;
    }
  }

  public record DeadLetters(long entered, long recovered, long terminal, long incidentsOpen) {}

  /** INV-LEDGER as the read model shows it: unbalanced instructions, succeeded ones without lines, others with lines. */
  public record LedgerCheck(long unbalanced, long succeededWithoutLines, long unsettledWithLines, long instructionsChecked) {
    public long violations() {
      return unbalanced + succeededWithoutLines + unsettledWithLines;
    }
  }

  /** INV-ATTEST: instructions whose attestation id is missing or not in the (live) chain. */
  public record AttestCheck(long instructions, long withoutAttestation) {}

  /** UNKNOWN_OUTCOME instructions without their incident (INV-TERMINAL accepts them only with one). */
  public record UnknownOutcomes(long all, long withoutIncident) {}

  private final DataSource db;

  public DatabaseEvidence(DataSource db) {
    this.db = db;
  }

  public Idempotency idempotency() throws SQLException {
    String sql = "SELECT count(*) FILTER (WHERE tag = ?), count(*) FILTER (WHERE tag = ?), count(*) FILTER (WHERE tag = ?),"
        + " count(*) FILTER (WHERE tag = ?) FROM event_tag";
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, DuplicateTags.DUPLICATE);
      s.setString(2, DuplicateTags.REPLAYED);
      s.setString(3, DuplicateTags.KEY_REUSED);
      s.setString(4, DuplicateTags.TERMINAL_REENTRY);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        // Instruction ids are a function of (participant, Idempotency-Key): more than one per key would be a second effect.
        long perKey = single(c, "SELECT coalesce(max(n), 0) FROM (SELECT count(*) n FROM instruction_status GROUP BY instruction_id) k");
        return new Idempotency(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), perKey);
      }
    }
  }

  public Retries retries() throws SQLException {
    String sql = "SELECT count(*), coalesce(sum(n), 0), count(*) FILTER (WHERE n > 1), coalesce(max(n), 0) FROM"
        + " (SELECT persistence_id, count(*) n FROM event_journal WHERE event_ser_manifest = ? AND NOT deleted GROUP BY persistence_id) d";
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, DISPATCH_STARTED);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        long uncertain;
        try (PreparedStatement u = c.prepareStatement("SELECT count(*) FROM event_journal WHERE event_ser_manifest = ? AND NOT deleted")) {
          u.setString(1, DISPATCH_UNCERTAIN);
          try (ResultSet ur = u.executeQuery()) {
            ur.next();
            uncertain = ur.getLong(1);
          }
        }
        return new Retries(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), uncertain);
      }
    }
  }

  /**
   * Dead letters: entered = instructions FAILED with code DLQ; terminal = those of them in a terminal state (a dead
   * letter never executes again, so all of them); recovered = those whose DLQ incident was closed by an audited
   * resolution (AUTO_FIXED or MANUAL_RESOLVED); incidents_open = DLQ incidents no one has resolved yet.
   */
  public DeadLetters deadLetters() throws SQLException {
    try (Connection c = db.getConnection()) {
      long entered = single(c, "SELECT count(*) FROM instruction_status WHERE code = '" + InstructionEntity.DLQ + "'");
      long terminal = single(c, "SELECT count(*) FROM instruction_status WHERE code = '" + InstructionEntity.DLQ
          + "' AND status IN ('SUCCEEDED', 'FAILED', 'REJECTED')");
      long recovered = single(c, "SELECT count(*) FROM audit_incident i JOIN incident_resolution r ON r.incident_id = i.incident_id"
          + " WHERE i.kind = 'DLQ' AND r.status IN ('AUTO_FIXED', 'MANUAL_RESOLVED')");
      long open = single(c, "SELECT count(*) FROM audit_incident i WHERE i.kind = 'DLQ'"
          + " AND NOT EXISTS (SELECT 1 FROM incident_resolution r WHERE r.incident_id = i.incident_id)");
      return new DeadLetters(entered, recovered, terminal, open);
    }
  }

  public LedgerCheck ledger() throws SQLException {
    try (Connection c = db.getConnection()) {
      long unbalanced = single(c, "SELECT count(*) FROM (SELECT instruction_id FROM ledger_line GROUP BY instruction_id"
          + " HAVING sum(amount_minor) <> 0) u");
      long succeededWithout = single(c, "SELECT count(*) FROM instruction_status s WHERE s.status = 'SUCCEEDED'"
          + " AND NOT EXISTS (SELECT 1 FROM ledger_line l WHERE l.instruction_id = s.instruction_id)");
      long othersWith = single(c, "SELECT count(DISTINCT l.instruction_id) FROM ledger_line l"
          + " LEFT JOIN instruction_status s ON s.instruction_id = l.instruction_id WHERE s.status IS DISTINCT FROM 'SUCCEEDED'");
      long checked = single(c, "SELECT count(*) FROM instruction_status");
      return new LedgerCheck(unbalanced, succeededWithout, othersWith, checked);
    }
  }

  /** Attestations of partitions detached and archived are no longer in the table: instructions that old are not checked. */
  public AttestCheck attest() throws SQLException {
    try (Connection c = db.getConnection()) {
      String live = " s.accepted_at >= coalesce((SELECT max(range_end) FROM attestation_archive), '-infinity'::timestamptz)";
      long all = single(c, "SELECT count(*) FROM instruction_status s WHERE" + live);
      long missing = single(c, "SELECT count(*) FROM instruction_status s WHERE" + live + " AND (s.attestation_id IS NULL"
          + " OR NOT EXISTS (SELECT 1 FROM ingress_attestation a WHERE a.attestation_id = s.attestation_id::uuid))");
      return new AttestCheck(all, missing);
    }
  }

  public UnknownOutcomes unknownOutcomes() throws SQLException {
    try (Connection c = db.getConnection()) {
      long all = single(c, "SELECT count(*) FROM instruction_status WHERE status = 'UNKNOWN_OUTCOME'");
      long without = single(c, "SELECT count(*) FROM instruction_status s WHERE s.status = 'UNKNOWN_OUTCOME'"
          + " AND NOT EXISTS (SELECT 1 FROM audit_incident i WHERE i.instruction_id = s.instruction_id)");
      return new UnknownOutcomes(all, without);
    }
  }

  /** The most recently signed chain checkpoint of any node, as stored: {node_id, node_seq, hash, signed_at, key_id, signature}. */
  public java.util.Optional<com.fasterxml.jackson.databind.node.ObjectNode> lastCheckpoint() throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT node_id, node_seq, hash, signed_at, key_id, signature FROM attestation_checkpoint"
            + " ORDER BY signed_at DESC, node_seq DESC LIMIT 1");
        ResultSet r = s.executeQuery()) {
      if (!r.next()) return java.util.Optional.empty();
      var out = EvidenceResult.MAPPER.createObjectNode();
      out.put("node_id", r.getString(1));
      out.put("node_seq", r.getLong(2));
      out.put("hash", r.getString(3).trim());
      out.put("signed_at", r.getTimestamp(4).toInstant().toString());
      out.put("key_id", r.getString(5));
      out.put("signature", r.getString(6));
      return java.util.Optional.of(out);
    }
  }

  public long attestationRows() throws SQLException {
    try (Connection c = db.getConnection()) {
      return single(c, "SELECT count(*) FROM ingress_attestation");
    }
  }

  /** Sequence numbers closed as VOID: handed out for a request whose acceptance never got recorded. */
  public long voidedSequenceIds() throws SQLException {
    try (Connection c = db.getConnection()) {
      return single(c, "SELECT count(*) FROM reconciliation_record WHERE kind = 'SEQUENCE_VOID'");
    }
  }

  public long participants() throws SQLException {
    try (Connection c = db.getConnection()) {
      return single(c, "SELECT count(DISTINCT participant_id) FROM instruction_status");
    }
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }
}
