package org.symphony.node.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.persistence.DatabaseSettings;
import org.symphony.persistence.SymphonyDatabase;

/**
 * The journal's batch writer against a real PostgreSQL 18 with the node's migrations, as the node's runtime role:
 * one statement for a batch's events and one for its tags, every row as the plugin would have written it, each
 * persistence id's ordering rising with its sequence numbers, and all or nothing.
 */
class JournalBatchInsertTest {

  private static SymphonyDatabase db;
  private final JournalBatchInsert insert = new JournalBatchInsert(JournalTableNames.DEFAULT);
  private final AtomicInteger statements = new AtomicInteger();

  @BeforeAll
  static void start() {
    db = SymphonyDatabase.start(DatabaseSettings.load().withoutExternal().withPort(0).withPoolSize(2).withEphemeral(true));
    db.migrate();
  }

  @AfterAll
  static void stop() {
    if (db != null) db.close();
  }

  @BeforeEach
  void empty() throws SQLException {
    try (Connection c = db.ownerDataSource().getConnection()) {
      c.createStatement().execute("TRUNCATE event_tag, event_journal");
    }
  }

  @Test
  void aTaggedBatchIsOneStatementForItsEventsAndOneForItsTagsAndReadsBackAsWritten() throws SQLException {
    JournalRow withMeta =
        new JournalRow(false, "Instruction|b", 2, "w-1", 1002, "", 33, "B", bytes("b2"), 7, "M", bytes("meta"), Set.of("instruction-1", "dup"));
    List<JournalRow> batch = List.of(
        row("Instruction|a", 2, Set.of("instruction-0")),
        row("Participant|p", 9, Set.of()), // untagged, in the same batch as tagged rows
        row("Instruction|a", 1, Set.of("instruction-0")),
        withMeta,
        row("Instruction|b", 1, Set.of("instruction-1")));

    try (Connection c = counted(db.dataSource().getConnection())) {
      insert.write(c, batch);
      assertTrue(c.getAutoCommit(), "the connection goes back to the pool as it came");
    }

    assertEquals(2, statements.get(), "one INSERT for the five events, one for the five tags");
    List<Stored> stored = stored();
    assertEquals(5, stored.size());
    for (JournalRow r : batch) {
      Stored s = stored.stream().filter(x -> x.pid.equals(r.persistenceId()) && x.seq == r.sequenceNumber()).findFirst().orElseThrow();
      assertEquals(r.writer(), s.writer);
      assertEquals(r.writeTimestamp(), s.timestamp);
      assertEquals(r.eventSerId(), s.serId);
      assertEquals(r.eventSerManifest(), s.manifest);
      assertArrayEquals(r.eventPayload(), s.payload);
      assertEquals(r.metaSerId(), s.metaSerId);
      assertEquals(r.metaSerManifest(), s.metaManifest);
      assertArrayEquals(r.metaPayload(), s.metaPayload);
      assertEquals(r.tags(), Set.copyOf(tagsOf(s.ordering)), r.persistenceId() + " #" + r.sequenceNumber());
    }
    assertOrderingRisesWithSequence(stored, "Instruction|a");
    assertOrderingRisesWithSequence(stored, "Instruction|b");
  }

  @Test
  void anUntaggedBatchIsOneStatement() throws SQLException {
    try (Connection c = counted(db.dataSource().getConnection())) {
      insert.write(c, List.of(row("Participant|p", 1, Set.of()), row("Participant|q", 1, Set.of())));
    }
    assertEquals(1, statements.get());
    assertEquals(2, stored().size());
    assertEquals(0, count("SELECT count(*) FROM event_tag"));
  }

  @Test
  void aBatchThatCannotBeWrittenWholeLeavesNothing() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      insert.write(c, List.of(row("Instruction|a", 1, Set.of("instruction-0"))));
      // Instruction|a #1 again (a second writer): the batch fails, and Instruction|b's rows must not stay behind.
      List<JournalRow> conflicting =
          List.of(row("Instruction|b", 1, Set.of("instruction-1")), row("Instruction|a", 1, Set.of("instruction-0")));
      assertThrows(SQLException.class, () -> insert.write(c, conflicting));
      assertTrue(c.getAutoCommit());
    }
    assertEquals(1, count("SELECT count(*) FROM event_journal"));
    assertEquals(0, count("SELECT count(*) FROM event_journal WHERE persistence_id = 'Instruction|b'"));
    assertEquals(1, count("SELECT count(*) FROM event_tag"));
  }

  @Test
  void aBatchLargerThanOneStatementIsSplitAndStillWhole() throws SQLException {
    int n = JournalBatchInsert.EVENTS_PER_STATEMENT + 1;
    List<JournalRow> batch = new ArrayList<>();
    IntStream.rangeClosed(1, n).forEach(i -> batch.add(row("Instruction|big", i, Set.of("instruction-2"))));
    try (Connection c = counted(db.dataSource().getConnection())) {
      insert.write(c, batch);
    }
    assertEquals(3, statements.get(), "two INSERTs for the events, one for the tags");
    List<Stored> stored = stored();
    assertEquals(n, stored.size());
    assertEquals(n, count("SELECT count(*) FROM event_tag WHERE tag = 'instruction-2'"));
    assertOrderingRisesWithSequence(stored, "Instruction|big");
  }

  private static JournalRow row(String pid, long seq, Set<String> tags) {
    return new JournalRow(false, pid, seq, "w-1", 1000 + seq, "", 33, "E", bytes(pid + "#" + seq), null, null, null, tags);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertOrderingRisesWithSequence(List<Stored> stored, String pid) {
    List<Stored> ofPid = stored.stream().filter(s -> s.pid.equals(pid)).toList(); // stored() is in ordering order
    for (int i = 1; i < ofPid.size(); i++)
      assertTrue(ofPid.get(i).seq > ofPid.get(i - 1).seq, pid + ": ordering and sequence number disagree at " + i);
  }

  private record Stored(
      long ordering, String pid, long seq, String writer, long timestamp, int serId, String manifest, byte[] payload,
      Integer metaSerId, String metaManifest, byte[] metaPayload) {}

  private static List<Stored> stored() throws SQLException {
    List<Stored> rows = new ArrayList<>();
    try (Connection c = db.ownerDataSource().getConnection();
        ResultSet r = c.createStatement().executeQuery(
            "SELECT ordering, persistence_id, sequence_number, writer, write_timestamp, event_ser_id, event_ser_manifest,"
                + " event_payload, meta_ser_id, meta_ser_manifest, meta_payload, deleted, adapter_manifest"
                + " FROM event_journal ORDER BY ordering")) {
      while (r.next()) {
        assertEquals(false, r.getBoolean("deleted"));
        assertEquals("", r.getString("adapter_manifest"));
        Integer metaSerId = (Integer) r.getObject("meta_ser_id");
        rows.add(new Stored(r.getLong(1), r.getString(2), r.getLong(3), r.getString(4), r.getLong(5), r.getInt(6),
            r.getString(7), r.getBytes(8), metaSerId, r.getString(10), r.getBytes(11)));
      }
    }
    return rows;
  }

  private static List<String> tagsOf(long ordering) throws SQLException {
    List<String> tags = new ArrayList<>();
    try (Connection c = db.ownerDataSource().getConnection();
        PreparedStatement q = c.prepareStatement("SELECT tag FROM event_tag WHERE event_id = ?")) {
      q.setLong(1, ordering);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) tags.add(r.getString(1));
      }
    }
    return tags;
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.ownerDataSource().getConnection(); ResultSet r = c.createStatement().executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** The connection, counting the statements prepared on it. */
  private Connection counted(Connection real) {
    return (Connection) Proxy.newProxyInstance(
        getClass().getClassLoader(),
        new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("prepareStatement")) statements.incrementAndGet();
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void metadataAbsentIsStoredAsNulls() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      insert.write(c, List.of(row("Instruction|m", 1, Set.of())));
    }
    Stored s = stored().get(0);
    assertNull(s.metaSerId);
    assertNull(s.metaManifest);
    assertNull(s.metaPayload);
  }
}
