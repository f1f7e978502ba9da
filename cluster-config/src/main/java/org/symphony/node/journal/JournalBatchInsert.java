package org.symphony.node.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one batch of journal rows and their tags in one transaction, with one multi-row INSERT for the events
 * and one for the tags (per chunk of {@link #EVENTS_PER_STATEMENT} / {@link #TAGS_PER_STATEMENT}).
 *
 * <p>Why: pekko-persistence-jdbc 1.1.1 inserts a batch that carries any tag one row per statement (Slick cannot
 * batch an INSERT … RETURNING), and every instruction event is tagged, so each journal row cost a round trip of
 * its own, untagged participant rows in the same batch included. The rows, their order and the transaction are
 * the plugin's: sorted by sequence number (so each persistence id's {@code ordering} rises with it), all or
 * nothing.
 */
final class JournalBatchInsert {

  /** 12 parameters per row: far below PostgreSQL's 65,535 bind parameters per statement. */
  static final int EVENTS_PER_STATEMENT = 1000;
  /** 2 parameters per tag. */
  static final int TAGS_PER_STATEMENT = 10_000;

  private static final String[] EVENT_COLUMNS = {
    "deleted", "persistence_id", "sequence_number", "writer", "write_timestamp", "adapter_manifest",
    "event_ser_id", "event_ser_manifest", "event_payload", "meta_ser_id", "meta_ser_manifest", "meta_payload"
  };

  private final JournalTableNames names;

  JournalBatchInsert(JournalTableNames names) {
    this.names = names;
  }

  /** Writes every row and tag, or none: commits on success, rolls back and rethrows on any failure. */
  void write(Connection connection, List<JournalRow> batch) throws SQLException {
    List<JournalRow> rows = new ArrayList<>(batch);
    rows.sort(Comparator.comparingLong(JournalRow::sequenceNumber)); // stable: the plugin's order
    boolean autoCommit = connection.getAutoCommit();
    if (autoCommit) connection.setAutoCommit(false);
    try {
      boolean tagged = rows.stream().anyMatch(r -> !r.tags().isEmpty());
      List<Tag> tags = new ArrayList<>();
      for (int from = 0; from < rows.size(); from += EVENTS_PER_STATEMENT) {
        List<JournalRow> chunk = rows.subList(from, Math.min(rows.size(), from + EVENTS_PER_STATEMENT));
        Map<EventKey, Long> orderings = insertEvents(connection, chunk, tagged);
        if (tagged) tags.addAll(tagsOf(chunk, orderings));
      }
      for (int from = 0; from < tags.size(); from += TAGS_PER_STATEMENT)
        insertTags(connection, tags.subList(from, Math.min(tags.size(), from + TAGS_PER_STATEMENT)));
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      if (autoCommit) connection.setAutoCommit(true);
    }
  }

  /** The events of one chunk; with {@code returning}, the ordering the database gave each, by its key. */
  private Map<EventKey, Long> insertEvents(Connection connection, List<JournalRow> chunk, boolean returning)
      throws SQLException {
    String sql = eventsSql(chunk.size(), returning);
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      int p = 1;
      for (JournalRow r : chunk) {
        insert.setBoolean(p++, r.deleted());
        insert.setString(p++, r.persistenceId());
        insert.setLong(p++, r.sequenceNumber());
        insert.setString(p++, r.writer());
        insert.setLong(p++, r.writeTimestamp());
        insert.setString(p++, r.adapterManifest());
        insert.setInt(p++, r.eventSerId());
        insert.setString(p++, r.eventSerManifest());
        insert.setBytes(p++, r.eventPayload());
        if (r.metaSerId() == null) insert.setNull(p++, Types.INTEGER);
        else insert.setInt(p++, r.metaSerId());
        insert.setString(p++, r.metaSerManifest());
        insert.setBytes(p++, r.metaPayload());
      }
      if (!returning) {
        insert.executeUpdate();
        return Map.of();
      }
      // Matched by key, not by position: PostgreSQL does not promise RETURNING's row order.
      Map<EventKey, Long> orderings = new HashMap<>();
      try (ResultSet keys = insert.executeQuery()) {
        while (keys.next()) orderings.put(new EventKey(keys.getString(2), keys.getLong(3)), keys.getLong(1));
      }
      if (orderings.size() != chunk.size())
        throw new SQLException("the journal returned " + orderings.size() + " orderings for " + chunk.size() + " rows");
      return orderings;
    }
  }

  private void insertTags(Connection connection, List<Tag> tags) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(tagsSql(tags.size()))) {
      int p = 1;
      for (Tag t : tags) {
        insert.setLong(p++, t.eventId());
        insert.setString(p++, t.tag());
      }
      insert.executeUpdate();
    }
  }

  private static List<Tag> tagsOf(List<JournalRow> chunk, Map<EventKey, Long> orderings) throws SQLException {
    List<Tag> tags = new ArrayList<>();
    for (JournalRow r : chunk) {
      if (r.tags().isEmpty()) continue;
      Long ordering = orderings.get(new EventKey(r.persistenceId(), r.sequenceNumber()));
      if (ordering == null)
        throw new SQLException("no ordering returned for " + r.persistenceId() + " #" + r.sequenceNumber());
      for (String tag : r.tags().stream().sorted().toList()) tags.add(new Tag(ordering, tag));
    }
    return tags;
  }

  String eventsSql(int rows, boolean returning) {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(names.journalTable()).append(" (");
    for (int i = 0; i < EVENT_COLUMNS.length; i++) {
      if (i > 0) sql.append(", ");
      sql.append(names.journalColumn(EVENT_COLUMNS[i]));
    }
    sql.append(") VALUES ");
    String row = "(" + "?, ".repeat(EVENT_COLUMNS.length - 1) + "?)";
    for (int i = 0; i < rows; i++) sql.append(i == 0 ? "" : ", ").append(row);
    if (returning)
      sql.append(" RETURNING ")
          .append(names.journalColumn("ordering")).append(", ")
          .append(names.journalColumn("persistence_id")).append(", ")
          .append(names.journalColumn("sequence_number"));
    return sql.toString();
  }

  String tagsSql(int tags) {
    StringBuilder sql = new StringBuilder("INSERT INTO ")
        .append(names.tagTable()).append(" (")
        .append(names.tagColumn("event_id")).append(", ").append(names.tagColumn("tag"))
        .append(") VALUES ");
    for (int i = 0; i < tags; i++) sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
    return sql.toString();
  }

  private record EventKey(String persistenceId, long sequenceNumber) {}

  private record Tag(long eventId, String tag) {}
}
