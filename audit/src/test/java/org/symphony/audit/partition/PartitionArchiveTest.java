package org.symphony.audit.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.symphony.audit.attest.Attested;
import org.symphony.audit.attest.AttestorSettings;
import org.symphony.audit.attest.AuditTestDatabase;
import org.symphony.audit.attest.ChainRows;
import org.symphony.audit.attest.IngressAttestor;
import org.symphony.audit.attest.IngressRecord;
import org.symphony.audit.attest.MutableClock;
import org.symphony.audit.attest.Records;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.persistence.SymphonyDatabase;

@Timeout(120)
class PartitionArchiveTest {

  private static final AttestorSettings ATTESTOR = AttestorSettings.fromConfig(ConfigFactory.load());
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
  void oldPartitionsAreDetachedKeptAndListedWithAManifestThatMatchesTheirRows() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2024-01-03T09:00:00Z")); // week of Monday 2024-01-01
    PartitionManager partitions = new PartitionManager(db.ownerDataSource(), SETTINGS, clock);
    Attested lastOfA;
    try (IngressAttestor a = IngressAttestor.start(db.ownerDataSource(), ATTESTOR, "arch-a", clock, partitions);
         IngressAttestor b = IngressAttestor.start(db.ownerDataSource(), ATTESTOR, "arch-b", clock, partitions)) {
      for (int i = 0; i < 5; i++) attest(a, Records.forwarded(clock.instant(), "a-" + i));
      for (int i = 0; i < 3; i++) attest(b, Records.rejected(clock.instant(), "b-" + i));
      clock.set(Instant.parse("2024-01-10T09:00:00Z")); // week of 2024-01-08
      attest(a, Records.forwarded(clock.instant(), "a-5"));
      lastOfA = attest(a, Records.forwarded(clock.instant(), "a-6"));
    }

    clock.set(Instant.parse("2024-01-24T09:00:00Z")); // cutoff with 7 days' retention: 2024-01-17T09:00
    List<ArchivedPartition> archived = partitions.archiveOlderThan(Duration.ofDays(7));
    assertEquals(List.of("ingress_attestation_p20240101", "ingress_attestation_p20240108"),
        archived.stream().map(ArchivedPartition::partitionName).toList());
    assertEquals(List.of(8L, 2L), archived.stream().map(ArchivedPartition::rowCount).toList());
    assertEquals(List.of(), partitions.archiveOlderThan(Duration.ofDays(7)), "idempotent");

    for (ArchivedPartition manifest : archived) {
      String name = manifest.partitionName();
      assertEquals(0, AuditTestDatabase.queryLong(db,
          "SELECT count(*) FROM pg_inherits WHERE inhrelid = to_regclass(?)", name), name + " detached");
      assertEquals(manifest.rowCount(), AuditTestDatabase.queryLong(db, "SELECT count(*) FROM " + name), name + " kept");
      assertEquals(independentRowsSha256(name), manifest.rowsSha256());
      assertEquals(manifest.rowsSha256(), AuditTestDatabase.queryString(db,
          "SELECT rows_sha256 FROM attestation_archive WHERE partition_name = ?", name));
      assertEquals(manifest.rowCount(), AuditTestDatabase.queryLong(db,
          "SELECT row_count FROM attestation_archive WHERE partition_name = ?", name));
    }
    assertEquals(0, AuditTestDatabase.queryLong(db, "SELECT count(*) FROM ingress_attestation WHERE node_id = 'arch-a'"));

    // The chain survives in the archived tables, and a node whose whole chain is archived continues it.
    List<AttestationRow> archivedA = ChainRows.read(db,
        "(SELECT * FROM ingress_attestation_p20240101 UNION ALL SELECT * FROM ingress_attestation_p20240108) AS archived",
        "arch-a");
    assertEquals(7, archivedA.size());
    ChainRows.assertIntact(archivedA);
    try (IngressAttestor a = IngressAttestor.start(db.ownerDataSource(), ATTESTOR, "arch-a", clock, partitions)) {
      Attested next = attest(a, Records.forwarded(clock.instant(), "a-7"));
      assertEquals(8, next.nodeSeq());
      assertEquals(lastOfA.hash(), ChainRows.read(db, "arch-a").get(0).prevHash());
    }
  }

  @Test
  void theCurrentAndFutureWeeksAreNeverArchived() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2024-06-05T09:00:00Z"));
    PartitionManager partitions = new PartitionManager(db.ownerDataSource(), SETTINGS, clock);
    partitions.ensureAhead();
    assertEquals(List.of(), partitions.archiveExpired(), "nothing is 400 days old");
    partitions.archiveOlderThan(Duration.ofDays(1));
    WeekPartition current = WeekPartition.containing(clock.instant());
    List<WeekPartition> attached = partitions.attached();
    for (int ahead = 0; ahead <= SETTINGS.weeksAhead(); ahead++) {
      assertTrue(attached.contains(current.plusWeeks(ahead)), current.plusWeeks(ahead).name());
    }
  }

  private static Attested attest(IngressAttestor attestor, IngressRecord record) throws Exception {
    return attestor.attest(record).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** audit/CHAIN.md, "Archive": SHA-256 over the 32-byte hashes in (node_id, node_seq) order. */
  private static String independentRowsSha256(String table) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (Connection c = db.ownerDataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT hash FROM " + table + " ORDER BY node_id COLLATE \"C\", node_seq");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) sha.update(HexFormat.of().parseHex(rs.getString(1)));
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
