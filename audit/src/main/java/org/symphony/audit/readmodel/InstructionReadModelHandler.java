package org.symphony.audit.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.symphony.engine.instruction.InstructionEvent;
import org.symphony.engine.instruction.InstructionStatus;
import org.symphony.engine.instruction.ManualResolution;
import org.symphony.engine.instruction.Terms;
import org.symphony.engine.rail.RailKey;

/**
 * Folds instruction events into instruction_status and ledger_line, one group per transaction together
 * with the projection's offset (exactly-once). Every write is also idempotent by key, so a rebuild or a
 * replayed group cannot post a line twice. Status only moves forward: a terminal row is never reopened.
 */
final class InstructionReadModelHandler
    extends JdbcHandler<List<EventEnvelope<InstructionEvent>>, DataSourceJdbcSession> {

  private static final String INSERT_STATUS =
      "INSERT INTO instruction_status (instruction_id, participant_id, sequence_id, rail_key, amount_minor, currency,"
          + " status, code, accepted_at, updated_at, attestation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (instruction_id) DO NOTHING";
  private static final String UPDATE_STATUS =
      "UPDATE instruction_status SET status = ?, updated_at = ?, rail_id = COALESCE(?, rail_id), code = COALESCE(?, code),"
          + " rail_reference = COALESCE(?, rail_reference)"
          + " WHERE instruction_id = ? AND status NOT IN ('SUCCEEDED', 'FAILED', 'REJECTED')"
          + " RETURNING participant_id, rail_id, amount_minor, currency";
  private static final String INSERT_LINE =
      "INSERT INTO ledger_line (instruction_id, line_no, account, currency, amount_minor, posted_at)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (instruction_id, line_no) DO NOTHING";

  private final String slice;
  private final ProjectionLag lag;

  InstructionReadModelHandler(String slice, ProjectionLag lag) {
    this.slice = slice;
    this.lag = lag;
  }

  @Override
  public void process(DataSourceJdbcSession session, List<EventEnvelope<InstructionEvent>> envelopes) throws Exception {
    session.withConnection(connection -> {
      for (EventEnvelope<InstructionEvent> envelope : envelopes)
        apply(connection, instructionIdOf(envelope.persistenceId()), envelope.event());
      return null;
    });
    long oldest = envelopes.stream().mapToLong(EventEnvelope::timestamp).min().orElse(System.currentTimeMillis());
    lag.observed(slice, Math.max(0, System.currentTimeMillis() - oldest), envelopes.size());
  }

  private static void apply(Connection c, String instructionId, InstructionEvent event) throws SQLException {
    if (event instanceof InstructionEvent.Accepted e) {
      insert(c, e.terms(), InstructionStatus.PENDING, null);
    } else if (event instanceof InstructionEvent.Rejected e) {
      insert(c, e.terms(), InstructionStatus.REJECTED, e.code());
    } else if (event instanceof InstructionEvent.DispatchStarted e) {
      update(c, instructionId, InstructionStatus.IN_FLIGHT, e.at(), e.railId(), null, null);
    } else if (event instanceof InstructionEvent.DispatchUncertain e) {
      update(c, instructionId, InstructionStatus.RECOVERING, e.at(), null, null, null);
    } else if (event instanceof InstructionEvent.DispatchConfirmed e) {
      update(c, instructionId, InstructionStatus.IN_FLIGHT, e.at(), null, null, null);
    } else if (event instanceof InstructionEvent.OutcomeDeclaredUnknown e) {
      update(c, instructionId, InstructionStatus.UNKNOWN_OUTCOME, e.at(), null, "UNKNOWN_OUTCOME", null);
    } else if (event instanceof InstructionEvent.Failed e) {
      update(c, instructionId, InstructionStatus.FAILED, e.at(), null, e.code(), null);
    } else if (event instanceof InstructionEvent.Succeeded e) {
      Posting posting = update(c, instructionId, InstructionStatus.SUCCEEDED, e.at(), null, null, e.railReference());
      if (posting != null) post(c, instructionId, posting, e.at());
    } else if (event instanceof InstructionEvent.ResolvedByOperators e) {
      // From UNKNOWN_OUTCOME only: a confirmed dead-letter is already terminal here and the update finds nothing.
      if (e.resolution() == ManualResolution.SUCCEEDED) {
        Posting posting = update(c, instructionId, InstructionStatus.SUCCEEDED, e.at(), null, "RESOLVED_SUCCEEDED", e.railReference());
        if (posting != null) post(c, instructionId, posting, e.at());
      } else {
        update(c, instructionId, InstructionStatus.FAILED, e.at(), null, "RESOLVED_FAILED", null);
      }
    }
    // DuplicateReceived changes nothing: duplicates are counted from their own tags.
  }

  private static void insert(Connection c, Terms t, InstructionStatus status, String code) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_STATUS)) {
      ps.setString(1, t.instructionId());
      ps.setString(2, t.participantId());
      ps.setLong(3, t.sequenceId());
      ps.setString(4, RailKey.forInstruction(t.instructionId()).value());
      ps.setLong(5, t.amount().amountMinor());
      ps.setString(6, t.amount().currency().name());
      ps.setString(7, status.name());
      ps.setString(8, code);
      ps.setTimestamp(9, Timestamp.from(t.acceptedAt()));
      ps.setTimestamp(10, Timestamp.from(t.acceptedAt()));
      ps.setString(11, t.attestationId());
      ps.executeUpdate();
    }
  }

  /** @return what the ledger needs when the row moved; null when it was already terminal (a replay). */
  private static Posting update(
      Connection c, String instructionId, InstructionStatus status, Instant at, String railId, String code, String railReference)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPDATE_STATUS)) {
      ps.setString(1, status.name());
      ps.setTimestamp(2, Timestamp.from(at));
      ps.setString(3, railId);
      ps.setString(4, code);
      ps.setString(5, railReference);
      ps.setString(6, instructionId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return null;
        return new Posting(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4));
      }
    }
  }

  private static void post(Connection c, String instructionId, Posting p, Instant at) throws SQLException {
    if (p.railId() == null)
      throw new IllegalStateException("instruction " + instructionId + " succeeded without a recorded dispatch");
    try (PreparedStatement ps = c.prepareStatement(INSERT_LINE)) {
      for (LedgerPosting line : LedgerPosting.forSuccess(p.participantId(), p.railId(), p.currency(), p.amountMinor()))
        line(ps, instructionId, line.lineNo(), line.account(), line.currency(), line.amountMinor(), at);
      ps.executeBatch();
    }
  }

  private static void line(PreparedStatement ps, String instructionId, int lineNo, String account, String currency, long amountMinor, Instant at)
      throws SQLException {
    ps.setString(1, instructionId);
    ps.setShort(2, (short) lineNo);
    ps.setString(3, account);
    ps.setString(4, currency);
    ps.setLong(5, amountMinor);
    ps.setTimestamp(6, Timestamp.from(at));
    ps.addBatch();
  }

  /** "Instruction|<id>" → id. */
  static String instructionIdOf(String persistenceId) {
    int bar = persistenceId.indexOf('|');
    return bar < 0 ? persistenceId : persistenceId.substring(bar + 1);
  }

  private record Posting(String participantId, String railId, long amountMinor, String currency) {}
}
