package org.symphony.audit.readmodel.check;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.symphony.engine.instruction.InstructionEntity;
import org.symphony.engine.instruction.InstructionEvent;
import org.symphony.engine.instruction.InstructionState;
import org.symphony.engine.participant.ParticipantEvent;
import org.symphony.engine.participant.ParticipantState;

/**
 * Every participant and instruction rebuilt from the journal alone, by the entities' own event handlers
 * ({@link ParticipantState#apply}, {@link InstructionEntity#apply}): what the read model must agree with. The journal
 * is read in one pass with a server-side cursor; only each entity's current state is kept.
 */
final class JournalReplay {

  static final String PARTICIPANT = "Participant|";
  static final String INSTRUCTION = "Instruction|";
  private static final String EVENTS =
      "SELECT persistence_id, sequence_number, event_ser_id, event_ser_manifest, event_payload FROM event_journal"
          + " WHERE NOT deleted AND (persistence_id LIKE 'Participant|%' OR persistence_id LIKE 'Instruction|%')"
          + " ORDER BY persistence_id, sequence_number";

  final Map<String, ParticipantState> participants = new TreeMap<>();
  final Map<String, InstructionState> instructions = new HashMap<>();
  private final Set<String> unreplayable = new HashSet<>();
  long events;

  private JournalReplay() {}

  /**
   * Reads the whole journal on {@code c}, which must be in a transaction (PostgreSQL streams with a cursor only inside
   * one); entities that do not replay are reported.
   */
  static JournalReplay read(Connection c, JournalEventDecoder decoder, int fetchSize, Consumer<LedgerDifference> problems)
      throws SQLException {
    if (c.getAutoCommit()) throw new IllegalArgumentException("the journal is read inside a transaction");
    JournalReplay replay = new JournalReplay();
    try (PreparedStatement ps = c.prepareStatement(EVENTS)) {
      ps.setFetchSize(fetchSize);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) replay.apply(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getBytes(5), decoder, problems);
      }
    }
    return replay;
  }

  private void apply(String persistenceId, long sequenceNr, int serializerId, String manifest, byte[] payload,
      JournalEventDecoder decoder, Consumer<LedgerDifference> problems) {
    if (unreplayable.contains(persistenceId)) return;
    events++;
    try {
      Object event = decoder.decode(payload, serializerId, manifest);
      if (persistenceId.startsWith(PARTICIPANT) && event instanceof ParticipantEvent e) {
        participants.compute(persistenceId.substring(PARTICIPANT.length()),
            (id, state) -> (state == null ? ParticipantState.initial() : state).apply(e));
      } else if (persistenceId.startsWith(INSTRUCTION) && event instanceof InstructionEvent e) {
        instructions.compute(persistenceId.substring(INSTRUCTION.length()),
            (id, state) -> InstructionEntity.apply(state == null ? new InstructionState.Empty() : state, e));
      } else {
        throw new IllegalStateException("unexpected event " + event.getClass().getName());
      }
    } catch (Exception e) {
      unreplayable.add(persistenceId);
      problems.accept(new LedgerDifference(persistenceId, "replay", "event " + sequenceNr + " does not apply: " + e.getMessage(), "-"));
    }
  }
}
