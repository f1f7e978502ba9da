package org.symphony.audit.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.symphony.audit.attest.AttestorSettings;
import org.symphony.audit.attest.AuditTestDatabase;
import org.symphony.audit.attest.ChainRows;
import org.symphony.audit.attest.IngressAttestor;
import org.symphony.audit.attest.MutableClock;
import org.symphony.audit.attest.Records;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.persistence.SymphonyDatabase;

@Timeout(120)
class PartitionAheadTest {

  private static final PartitionSettings SETTINGS = PartitionSettings.fromConfig(ConfigFactory.load());
  private static SymphonyDatabase db;

  @BeforeAll
  static void startDatabase() {
    db = AuditTestDatabase.start();
  }

  @AfterAll
  static void stopDatabase() {
    if (db != null) db.close();
  }

  @Test
  void rowsCrossingAWeekBoundaryLandInTwoPartitionsAndTheChainContinues() throws Exception {
    String node = "boundary";
    MutableClock clock = new MutableClock(Instant.parse("2026-11-29T23:59:59.900Z")); // a Sunday
    PartitionManager partitions = new PartitionManager(db.ownerDataSource(), SETTINGS, clock);
    try (IngressAttestor attestor = IngressAttestor.start(db.ownerDataSource(),
        AttestorSettings.fromConfig(ConfigFactory.load()), node, clock, partitions)) {
      for (int i = 0; i < 3; i++) attestor.attest(Records.forwarded(clock.instant(), "sunday-" + i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      clock.set(Instant.parse("2026-11-30T00:00:00.100Z"));
      for (int i = 0; i < 3; i++) attestor.attest(Records.forwarded(clock.instant(), "monday-" + i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    assertEquals(3, AuditTestDatabase.queryLong(db, "SELECT count(*) FROM ingress_attestation_p20261123 WHERE node_id = ?", node));
    assertEquals(3, AuditTestDatabase.queryLong(db, "SELECT count(*) FROM ingress_attestation_p20261130 WHERE node_id = ?", node));
    List<AttestationRow> rows = ChainRows.read(db, node);
    assertEquals(6, rows.size());
    ChainRows.assertIntact(rows);
    assertEquals("monday-0", rows.get(3).requestId());
    assertEquals(rows.get(2).hash(), rows.get(3).prevHash(), "the chain runs across the partition boundary");
  }

  @Test
  void ensureAheadKeepsAtLeastTwoFutureWeeksAsTheClockMoves() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2027-03-03T12:00:00Z")); // Wednesday of the week of 2027-03-01
    PartitionManager partitions = new PartitionManager(db.ownerDataSource(), SETTINGS, clock);
    List<String> created = partitions.ensureAhead();
    assertEquals(List.of("ingress_attestation_p20270301", "ingress_attestation_p20270308",
        "ingress_attestation_p20270315", "ingress_attestation_p20270322"), created);
    assertEquals(List.of(), partitions.ensureAhead(), "idempotent");

    for (int day = 0; day < 7 * 6; day++) {
      clock.advance(Duration.ofDays(1));
      WeekPartition current = WeekPartition.containing(clock.instant());
      List<WeekPartition> attached = partitions.attached();
      // Before this day's run: even right after a week boundary, two future weeks are already there.
      for (int ahead = 0; ahead <= SETTINGS.weeksAhead(); ahead++) {
        assertTrue(attached.contains(current.plusWeeks(ahead)), clock.instant() + ": " + current.plusWeeks(ahead).name());
      }
      partitions.ensureAhead();
    }
  }

  @Test
  void partitionsHaveExactWeeklyBounds() throws Exception {
    new PartitionManager(db.ownerDataSource(), SETTINGS, new MutableClock(Instant.parse("2028-05-03T12:00:00Z"))).ensureAhead();
    try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      try (ResultSet rs = s.executeQuery(
          "SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'ingress_attestation_p20280501'")) {
        rs.next();
        assertEquals("FOR VALUES FROM ('2028-05-01 00:00:00+00') TO ('2028-05-08 00:00:00+00')", rs.getString(1));
      }
    }
  }
}
