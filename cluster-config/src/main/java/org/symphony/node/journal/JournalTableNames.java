package org.symphony.node.journal;

import java.util.Map;
import org.apache.pekko.persistence.jdbc.config.EventJournalTableColumnNames;
import org.apache.pekko.persistence.jdbc.config.EventJournalTableConfiguration;
import org.apache.pekko.persistence.jdbc.config.EventTagTableConfiguration;

/**
 * The journal's and tag table's names as the plugin is configured ({@code jdbc-journal.tables}), quoted as Slick's
 * PostgreSQL profile quotes them, so this writer and the plugin's readers always name the same tables.
 */
record JournalTableNames(String journalTable, Map<String, String> journalColumns, String tagTable, Map<String, String> tagColumns) {

  /** The stock names (V1 migration): for tests. */
  static final JournalTableNames DEFAULT =
      new JournalTableNames(
          quote("event_journal"),
          Map.ofEntries(
              column("ordering", "ordering"), column("deleted", "deleted"),
              column("persistence_id", "persistence_id"), column("sequence_number", "sequence_number"),
              column("writer", "writer"), column("write_timestamp", "write_timestamp"),
              column("adapter_manifest", "adapter_manifest"), column("event_ser_id", "event_ser_id"),
              column("event_ser_manifest", "event_ser_manifest"), column("event_payload", "event_payload"),
              column("meta_ser_id", "meta_ser_id"), column("meta_ser_manifest", "meta_ser_manifest"),
              column("meta_payload", "meta_payload")),
          quote("event_tag"),
          Map.ofEntries(column("event_id", "event_id"), column("tag", "tag")));

  static JournalTableNames of(EventJournalTableConfiguration journal, EventTagTableConfiguration tags) {
    EventJournalTableColumnNames c = journal.columnNames();
    return new JournalTableNames(
        qualified(journal.schemaName(), journal.tableName()),
        Map.ofEntries(
            column("ordering", c.ordering()), column("deleted", c.deleted()),
            column("persistence_id", c.persistenceId()), column("sequence_number", c.sequenceNumber()),
            column("writer", c.writer()), column("write_timestamp", c.writeTimestamp()),
            column("adapter_manifest", c.adapterManifest()), column("event_ser_id", c.eventSerId()),
            column("event_ser_manifest", c.eventSerManifest()), column("event_payload", c.eventPayload()),
            column("meta_ser_id", c.metaSerId()), column("meta_ser_manifest", c.metaSerManifest()),
            column("meta_payload", c.metaPayload())),
        qualified(tags.schemaName(), tags.tableName()),
        Map.ofEntries(column("event_id", tags.columnNames().eventId()), column("tag", tags.columnNames().tag())));
  }

  String journalColumn(String column) {
    return named(journalColumns, column);
  }

  String tagColumn(String column) {
    return named(tagColumns, column);
  }

  private static String named(Map<String, String> columns, String column) {
    String name = columns.get(column);
    if (name == null) throw new IllegalArgumentException("no such journal column: " + column);
    return name;
  }

  private static Map.Entry<String, String> column(String logical, String configured) {
    return Map.entry(logical, quote(configured));
  }

  private static String qualified(scala.Option<String> schema, String table) {
    return schema.isDefined() ? quote(schema.get()) + "." + quote(table) : quote(table);
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
