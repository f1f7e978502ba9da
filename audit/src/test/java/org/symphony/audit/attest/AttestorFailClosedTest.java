package org.symphony.audit.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.symphony.audit.attest.IngressAttestorTest.attest;

import com.typesafe.config.ConfigFactory;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.symphony.audit.attest.AttestationUnavailable.Reason;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.persistence.SymphonyDatabase;

/** The attestor refuses (503) whenever it cannot commit, never skips or forks a sequence, and recovers by itself. */
@Timeout(120)
class AttestorFailClosedTest {

  private static final AttestorSettings SETTINGS = AttestorSettings.fromConfig(ConfigFactory.load());
  private static final Duration WAIT = Duration.ofSeconds(20);
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
  void refusedInsertsFailTheCallersAndTheChainResumesWithoutAHole() throws Exception {
    String node = "refused";
    Clock clock = Clock.systemUTC();
    try (IngressAttestor attestor = IngressAttestor.start(db.ownerDataSource(), SETTINGS, node, clock)) {
      Attested before = null;
      for (int i = 0; i < 3; i++) before = attest(attestor, Records.forwarded(clock.instant(), "ok-" + i));

      AuditTestDatabase.execute(db, "CREATE FUNCTION refuse_attestation() RETURNS trigger LANGUAGE plpgsql AS "
          + "$$ BEGIN RAISE EXCEPTION 'attestations refused by the test'; END $$");
      AuditTestDatabase.execute(db, "CREATE TRIGGER refuse BEFORE INSERT ON ingress_attestation "
          + "FOR EACH ROW EXECUTE FUNCTION refuse_attestation()");
      try {
        List<CompletableFuture<Attested>> refused = List.of(
            attestor.attest(Records.forwarded(clock.instant(), "refused-0")).toCompletableFuture(),
            attestor.attest(Records.forwarded(clock.instant(), "refused-1")).toCompletableFuture());
        for (CompletableFuture<Attested> f : refused) assertUnavailable(f, Reason.DATABASE_UNAVAILABLE);
        assertEquals(before.nodeSeq(), attestor.head().nodeSeq(), "head stays at the last committed row");
        assertEquals(before.hash(), attestor.head().hash());
        assertFalse(attestor.isHealthy());
        assertTrue(attestor.stats().failedBatches() >= 1);
      } finally {
        AuditTestDatabase.execute(db, "DROP TRIGGER refuse ON ingress_attestation");
        AuditTestDatabase.execute(db, "DROP FUNCTION refuse_attestation()");
      }

      Attested after = attest(attestor, Records.forwarded(clock.instant(), "after"));
      assertEquals(before.nodeSeq() + 1, after.nodeSeq());
      assertTrue(attestor.isHealthy());
    }
    List<AttestationRow> rows = ChainRows.read(db, node);
    assertEquals(4, rows.size());
    ChainRows.assertIntact(rows);
    assertEquals("after", rows.get(3).requestId());
  }

  @Test
  void aCommitHeldBackPastTheTimeoutFailsTheCallerAndALateCommitIsAccountedFor() throws Exception {
    String node = "held-back";
    Clock clock = Clock.systemUTC();
    AttestorSettings quick = SETTINGS.withCommitTimeout(Duration.ofMillis(500));
    try (IngressAttestor attestor = IngressAttestor.start(db.ownerDataSource(), quick, node, clock)) {
      Attested first = attest(attestor, Records.forwarded(clock.instant(), "first"));
      CompletableFuture<Attested> held;
      try (Connection blocker = db.ownerDataSource().getConnection()) {
        blocker.setAutoCommit(false);
        try (Statement s = blocker.createStatement()) {
          s.execute("LOCK TABLE ingress_attestation IN ACCESS EXCLUSIVE MODE");
        }
        held = attestor.attest(Records.forwarded(clock.instant(), "held")).toCompletableFuture();
        assertUnavailable(held, Reason.TIMED_OUT);
        assertEquals(first.nodeSeq(), attestor.head().nodeSeq());
        blocker.rollback(); // the insert, still within its statement timeout, now commits: late
      }
      Await.until(WAIT, "late commit recorded", () -> attestor.stats().lateCommits() == 1);
      List<AttestationRow> rows = ChainRows.read(db, node);
      assertEquals(2, rows.size());
      assertEquals("held", rows.get(1).requestId());
      // The count is raised before the NOT_FORWARDED outcome is written: wait for the row, not the count.
      Await.until(WAIT, "late commit recorded as NOT_FORWARDED", () -> AttestationOutcome.NOT_FORWARDED.equals(AuditTestDatabase.queryString(db,
          "SELECT outcome FROM attestation_outcome WHERE attestation_id = ?", rows.get(1).attestationId())));

      Attested next = attest(attestor, Records.forwarded(clock.instant(), "next"));
      assertEquals(3, next.nodeSeq());
    }
    ChainRows.assertIntact(ChainRows.read(db, node));
  }

  @Test
  void aLostConnectionFailsAtMostTheBatchInFlightAndTheWriterReconnects() throws Exception {
    String node = "reconnect";
    Clock clock = Clock.systemUTC();
    try (IngressAttestor attestor = IngressAttestor.start(db.ownerDataSource(), SETTINGS, node, clock)) {
      attest(attestor, Records.forwarded(clock.instant(), "before"));
      long killed = AuditTestDatabase.queryLong(db, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
          + "WHERE pid <> pg_backend_pid() AND query LIKE 'INSERT INTO ingress_attestation (attestation_id%'");
      assertEquals(1, killed, "the writer's session");

      int committed = 1;
      int failed = 0;
      while (committed < 4) {
        try {
          attest(attestor, Records.forwarded(clock.instant(), "after-" + committed));
          committed++;
        } catch (ExecutionException e) {
          assertEquals(Reason.DATABASE_UNAVAILABLE, AttestationUnavailable.in(e).orElseThrow().reason());
          failed++;
          assertTrue(failed <= 1, "only the batch on the dead connection fails");
        }
      }
      assertEquals(4, attestor.head().nodeSeq());
    }
    ChainRows.assertIntact(ChainRows.read(db, node));
  }

  @Test
  void aSecondWriterForTheSameNodeIsRefused() throws Exception {
    String node = "single-writer";
    Clock clock = Clock.systemUTC();
    try (IngressAttestor first = IngressAttestor.start(db.ownerDataSource(), SETTINGS, node, clock)) {
      attest(first, Records.forwarded(clock.instant(), "one"));
      AttestationUnavailable refused = assertThrows(AttestationUnavailable.class,
          () -> IngressAttestor.start(db.ownerDataSource(), SETTINGS, node, clock));
      assertEquals(Reason.CHAIN_IN_USE, refused.reason());
    }
    try (IngressAttestor second = IngressAttestor.start(db.ownerDataSource(), SETTINGS, node, clock)) {
      assertEquals(2, attest(second, Records.forwarded(clock.instant(), "two")).nodeSeq());
    }
  }

  @Test
  void aFullQueueFailsAtOnce() throws Exception {
    String node = "full";
    Clock clock = Clock.systemUTC();
    AttestorSettings tiny = SETTINGS.withQueueCapacity(1).withCommitTimeout(Duration.ofSeconds(10));
    try (IngressAttestor attestor = IngressAttestor.start(db.ownerDataSource(), tiny, node, clock)) {
      CompletableFuture<Attested> inFlight;
      CompletableFuture<Attested> queued;
      try (Connection blocker = db.ownerDataSource().getConnection()) {
        blocker.setAutoCommit(false);
        try (Statement s = blocker.createStatement()) {
          s.execute("LOCK TABLE ingress_attestation IN ACCESS EXCLUSIVE MODE");
        }
        inFlight = attestor.attest(Records.forwarded(clock.instant(), "in-flight")).toCompletableFuture();
        Await.until(WAIT, "the writer waits on the lock", () -> AuditTestDatabase.queryLong(db,
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                + "AND query LIKE 'INSERT INTO ingress_attestation (attestation_id%'") == 1);
        queued = attestor.attest(Records.forwarded(clock.instant(), "queued")).toCompletableFuture();
        CompletableFuture<Attested> overflow = attestor.attest(Records.forwarded(clock.instant(), "overflow")).toCompletableFuture();
        assertUnavailable(overflow, Reason.QUEUE_FULL);
        assertEquals(1, attestor.stats().refusedQueueFull());
        blocker.rollback();
      }
      assertEquals(1, inFlight.get(20, TimeUnit.SECONDS).nodeSeq());
      assertEquals(2, queued.get(20, TimeUnit.SECONDS).nodeSeq());
    }
  }

  @Test
  void aRowForAWeekWithoutPartitionIsRefused() throws Exception {
    String node = "no-partition";
    Clock clock = Clock.systemUTC();
    try (IngressAttestor attestor = IngressAttestor.start(db.ownerDataSource(), SETTINGS, node, clock)) {
      attest(attestor, Records.forwarded(clock.instant(), "now"));
      CompletableFuture<Attested> farFuture =
          attestor.attest(Records.forwarded(Instant.parse("2100-01-04T00:00:00Z"), "far")).toCompletableFuture();
      assertUnavailable(farFuture, Reason.DATABASE_UNAVAILABLE);
      assertEquals(2, attest(attestor, Records.forwarded(clock.instant(), "again")).nodeSeq());
    }
    ChainRows.assertIntact(ChainRows.read(db, node));
  }

  @Test
  void aClosedAttestorRefuses() throws Exception {
    IngressAttestor attestor = IngressAttestor.start(db.ownerDataSource(), SETTINGS, "closed", Clock.systemUTC());
    attestor.close();
    assertUnavailable(attestor.attest(Records.forwarded(Instant.now(), "late")).toCompletableFuture(), Reason.CLOSED);
    assertFalse(attestor.isHealthy());
  }

  static void assertUnavailable(CompletableFuture<Attested> f, Reason reason) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    AttestationUnavailable cause = AttestationUnavailable.in(e).orElseThrow(() -> new AssertionError("not unavailable", e));
    assertEquals(reason, cause.reason(), cause.getMessage());
  }
}
