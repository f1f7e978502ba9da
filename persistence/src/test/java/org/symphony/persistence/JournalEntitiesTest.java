package org.symphony.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Crash recovery wakes every participant with a journal. The listing must find each one exactly once, however many
 * events it and the instructions around it have, and must not read the journal's events to do so.
 */
@Timeout(180)
class JournalEntitiesTest {

    @Test
    void everyParticipantOnceAmongManyInstructionEventsAndNothingElse() throws SQLException {
        try (SymphonyDatabase db = SymphonyDatabase.start(TestDatabases.ephemeral())) {
            db.migrate();
            try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
                // 2,000 instructions with 5 events each, three participants with many events (ids that need quoting
                // and sort around the separator), and an id of a type that sorts after them.
                s.execute(insert("'Instruction|' || lpad(i::text, 6, '0')", "generate_series(1, 2000) i", 5));
                s.execute(insert("'Participant|' || p", "unnest(array['bank-a', 'MFI_Z', 'b|x']) p", 400));
                s.execute(insert("'Participants-archive|x'", "generate_series(1, 1)", 2));
                s.execute("ANALYZE event_journal");
            }
            List<String> ids = JournalEntities.persistenceIds(db.dataSource(), "Participant|");
            assertEquals(List.of("Participant|MFI_Z", "Participant|b|x", "Participant|bank-a").stream().sorted().toList(),
                    ids.stream().sorted().toList());
            assertEquals(List.of(), JournalEntities.persistenceIds(db.dataSource(), "Nothing|"));

            // The plan probes the primary key; it never scans the table (which is what select distinct does).
            try (var c = db.dataSource().getConnection(); var s = c.createStatement();
                    var rs = s.executeQuery("EXPLAIN " + JournalEntities.LOOSE_INDEX_SCAN.replace("?", "'Participant|'"))) {
                StringBuilder plan = new StringBuilder();
                while (rs.next()) plan.append(rs.getString(1)).append('\n');
                assertTrue(plan.toString().contains("Index Only Scan") && !plan.toString().contains("Seq Scan"), plan.toString());
            }
        }
    }

    private static String insert(String persistenceId, String from, int eventsEach) {
        return "INSERT INTO event_journal (persistence_id, sequence_number, writer, event_ser_id, event_ser_manifest, event_payload) "
                + "SELECT " + persistenceId + ", n, 'test', 1, 'M', '\\x00'::bytea FROM " + from + ", generate_series(1, " + eventsEach + ") n";
    }
}
