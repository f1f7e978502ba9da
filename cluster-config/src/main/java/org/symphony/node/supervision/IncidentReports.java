package org.symphony.node.supervision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Sink;
import org.symphony.audit.incident.AuditIncident;
import org.symphony.audit.incident.AuditIncidents;
import org.symphony.audit.incident.IncidentStatus;
import org.symphony.audit.intervention.Proposal;
import org.symphony.audit.supervision.IncidentReport;
import org.symphony.audit.supervision.IncidentReport.AttestationEvidence;
import org.symphony.audit.supervision.IncidentReport.EventLine;
import org.symphony.audit.supervision.IncidentReport.InstructionEvidence;
import org.symphony.audit.supervision.IncidentReport.InterventionStep;
import org.symphony.audit.supervision.IncidentReport.RailAttempt;
import org.symphony.engine.instruction.InstructionEntity;
import org.symphony.engine.instruction.InstructionEvent;

/**
 * Builds an incident's report from what was recorded: the incident, its attestation row (chain position and hashes),
 * the read model's instruction row, the instruction's journal, the reconciliation records and the four-eyes steps.
 * Blocking (JDBC, and a bounded wait for the journal): call on the blocking dispatcher.
 */
public final class IncidentReports {

  private static final int MAX_EVENTS = 1_000;
  private static final long JOURNAL_TIMEOUT_SECONDS = 10;

  private final DataSource db;
  private final AuditIncidents incidents;
  private final JdbcReadJournal journal;
  private final ActorSystem<?> system;

  public IncidentReports(DataSource db, JdbcReadJournal journal, ActorSystem<?> system) {
    this.db = db;
    this.incidents = new AuditIncidents(db);
    this.journal = journal;
    this.system = system;
  }

  public Optional<IncidentReport> build(String reference) throws Exception {
    Optional<AuditIncident> found = incidents.find(reference);
    if (found.isEmpty()) return Optional.empty();
    AuditIncident incident = found.get();
    InstructionRow row = incident.instructionId() == null ? null : instructionRow(incident.instructionId()).orElse(null);
    String attestationId = incident.attestationId() != null ? incident.attestationId().toString()
        : row == null ? null : row.attestationId();
    AttestationEvidence attestation = attestationId == null ? null : attestation(attestationId).orElse(null);
    List<EventLine> events = new ArrayList<>();
    List<RailAttempt> attempts = new ArrayList<>();
    if (incident.instructionId() != null) readJournal(incident.instructionId(), events, attempts);
    Long sequenceId = incident.sequenceId() != null ? incident.sequenceId() : row == null ? null : row.sequenceId();
    List<String> observed = new ArrayList<>();
    observed.add(incident.detail());
    List<String> actions = new ArrayList<>();
    for (String record : records(incident, attestationId)) actions.add(record);
    if (incident.status() != IncidentStatus.OPEN)
      actions.add(incident.status() + " by " + incident.resolvedBy() + " at " + incident.resolvedAt() + ": " + incident.resolution());
    return Optional.of(new IncidentReport(
        incident, failureMode(incident.kind()), attestation, sequenceId,
        row == null ? null : new InstructionEvidence(row.instructionId(), row.status(), row.code(), row.railId(), row.railKey(),
            row.railReference(), row.amountMinor(), row.currency()),
        events, attempts, observed, actions, steps(incident.incidentId()), supervisorAction(incident)));
  }

  static String failureMode(String kind) {
    return switch (kind) {
      case "GHOST_RECOVERY" -> "A request was attested and forwarded, but no instruction exists for its participant and"
          + " Idempotency-Key, and no retry came within the retry window (lost between the edge and the engine).";
      case "STUCK_IN_FLIGHT" -> "An instruction made no recorded progress past its bound (a zombie).";
      case "SEQUENCE_GAP" -> "A participant's sequence id has no instruction and no VOID (numbered, never accepted).";
      case "UNKNOWN_OUTCOME" -> "The rail gave no final answer within the outcome TTL; never assumed failed.";
      case "DLQ" -> "The rail never received the transfer after the bounded attempts; the instruction was dead-lettered.";
      case "CLOCK_BACKWARDS" -> "The node's clock moved backwards past the tolerance; attestations were refused (fail closed).";
      default -> kind;
    };
  }

  static String supervisorAction(AuditIncident i) {
    if (i.status() != IncidentStatus.OPEN) return "None: " + i.status() + ". Review the evidence and the resolution.";
    return switch (i.kind()) {
      case "GHOST_RECOVERY" -> "Ensure participant " + i.participantId() + " is told to resubmit (payloads are not stored);"
          + " the incident closes itself when a retry arrives, or two operators abandon it.";
      case "UNKNOWN_OUTCOME" -> "Ensure two operators resolve it against the rail's statement (four eyes); the reservation is held.";
      case "DLQ" -> "Ensure two operators confirm the failure with the rail (four eyes).";
      case "STUCK_IN_FLIGHT", "SEQUENCE_GAP" -> "None yet: the reconciliation worker is repairing it; escalate if it stays open.";
      default -> "Review with the node's operators.";
    };
  }

  private record InstructionRow(
      String instructionId, String status, String code, String railId, String railKey, String railReference, long amountMinor,
      String currency, long sequenceId, String attestationId) {}

  private Optional<InstructionRow> instructionRow(String instructionId) throws SQLException {
    String sql = "SELECT instruction_id, status, code, rail_id, rail_key, rail_reference, amount_minor, currency, sequence_id,"
        + " attestation_id FROM instruction_status WHERE instruction_id = ?";
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, instructionId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new InstructionRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getLong(7), rs.getString(8), rs.getLong(9), rs.getString(10)));
      }
    }
  }

  private Optional<AttestationEvidence> attestation(String attestationId) throws SQLException {
    UUID id;
    try {
      id = UUID.fromString(attestationId);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String sql = "SELECT attestation_id, node_id, node_seq, received_at, request_id, idempotency_key, body_sha256, outcome,"
        + " prev_hash, hash FROM ingress_attestation WHERE attestation_id = ?";
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new AttestationEvidence(rs.getString(1), rs.getString(2), rs.getLong(3),
            rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
            rs.getString(9), rs.getString(10)));
      }
    }
  }

  private void readJournal(String instructionId, List<EventLine> events, List<RailAttempt> attempts) throws Exception {
    List<EventEnvelope> envelopes = journal
        .currentEventsByPersistenceId(InstructionEntity.ENTITY_KEY.name() + "|" + instructionId, 0L, Long.MAX_VALUE)
        .take(MAX_EVENTS)
        .runWith(Sink.seq(), system)
        .toCompletableFuture()
        .get(JOURNAL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    for (EventEnvelope e : envelopes) {
      if (!(e.event() instanceof InstructionEvent event)) continue;
      events.add(new EventLine(e.sequenceNr(), event.getClass().getSimpleName(), at(event, e), JournalEventText.of(event)));
      if (event instanceof InstructionEvent.DispatchStarted d)
        attempts.add(new RailAttempt(d.attempt(), d.railId(), d.railKey().value(), d.at(), null));
      else if (!attempts.isEmpty() && JournalEventText.railAnswer(event) != null) {
        RailAttempt last = attempts.remove(attempts.size() - 1);
        String answer = last.answer() == null ? JournalEventText.railAnswer(event) : last.answer() + "; " + JournalEventText.railAnswer(event);
        attempts.add(new RailAttempt(last.attempt(), last.railId(), last.railKey(), last.startedAt(), answer));
      }
    }
  }

  private static Instant at(InstructionEvent event, EventEnvelope e) {
    Instant at = JournalEventText.at(event);
    return at != null ? at : Instant.ofEpochMilli(e.timestamp());
  }

  private List<String> records(AuditIncident i, String attestationId) throws SQLException {
    String sql = "SELECT kind, evidence, recorded_by, recorded_at FROM reconciliation_record"
        + " WHERE (attestation_id = ?) OR (instruction_id = ? AND kind <> 'GHOST')"
        + " OR (kind = 'SEQUENCE_VOID' AND participant_id = ? AND sequence_id = ?) ORDER BY recorded_at LIMIT 100";
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      if (attestationId == null) ps.setNull(1, java.sql.Types.OTHER);
      else ps.setObject(1, UUID.fromString(attestationId));
      ps.setString(2, i.instructionId());
      ps.setString(3, i.participantId());
      if (i.sequenceId() == null) ps.setNull(4, java.sql.Types.BIGINT);
      else ps.setLong(4, i.sequenceId());
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.add(rs.getString(1) + " recorded by " + rs.getString(3) + " at "
              + rs.getObject(4, OffsetDateTime.class).toInstant() + ": " + rs.getString(2));
      }
      return out;
    }
  }

  private List<InterventionStep> steps(UUID incidentId) throws SQLException {
    String sql = "SELECT p.proposal_id, p.resolution, p.reason, p.evidence, p.proposed_by, p.proposed_at, d.decision,"
        + " d.decided_by, d.decided_at FROM intervention_proposal p LEFT JOIN intervention_decision d ON d.proposal_id = p.proposal_id"
        + " WHERE p.incident_id = ? ORDER BY p.proposed_at";
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, incidentId);
      List<InterventionStep> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          OffsetDateTime decidedAt = rs.getObject(9, OffsetDateTime.class);
          out.add(new InterventionStep(
              new Proposal(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                  rs.getObject(6, OffsetDateTime.class).toInstant()),
              rs.getString(7), rs.getString(8), decidedAt == null ? null : decidedAt.toInstant()));
        }
      }
      return out;
    }
  }
}
