package org.symphony.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The persistence ids of one entity type that have events in the journal, e.g. every participant, which crash
 * recovery wakes so that each wakes its open instructions.
 *
 * <p>Not the read journal's {@code currentPersistenceIds()}: that is {@code select distinct persistence_id from
 * event_journal}, a scan of every event of every instruction ever journaled, on every start, growing with the
 * history. This is a {@link LooseIndexScan} over the primary key (persistence_id, sequence_number): one index probe per
 * distinct id from the type's prefix on, however many events each has. It walks to the end of the index rather
 * than stopping at the first id without the prefix, so it is right under any collation; the ids after the prefix
 * are only those of entity types that sort after it (today none sort after "Participant"). Blocking JDBC; call
 * from a blocking dispatcher.
 */
public final class JournalEntities {

    private static final int QUERY_TIMEOUT_SECONDS = 60;

    static final String LOOSE_INDEX_SCAN =
            "WITH RECURSIVE " + LooseIndexScan.cte("ids", "event_journal", "persistence_id", "true", "?")
                    + " SELECT persistence_id FROM ids WHERE persistence_id IS NOT NULL AND starts_with(persistence_id, ?)";

    private JournalEntities() {
    }

    /** @param prefix an entity type's persistence id prefix, e.g. {@code "Participant|"} */
    public static List<String> persistenceIds(DataSource dataSource, String prefix) {
        if (prefix == null || prefix.isEmpty()) throw new IllegalArgumentException("prefix must be set");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LOOSE_INDEX_SCAN)) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setString(1, prefix);
            ps.setString(2, prefix);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the journal's " + prefix + " persistence ids", e);
        }
    }
}
