package org.symphony.audit.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.persistence.SymphonyDatabase;

@Timeout(120)
class IngressAttestorTest {

  /**
   * Defaults, but a generous commit timeout: these tests check chains and batching, not latency, and on a
   * shared 2-core machine under load 2,000 requests can wait longer than the production 2 s bound.
   */
  private static final AttestorSettings SETTINGS = AttestorSettings.fromConfig(
      ConfigFactory.parseString("symphony.audit.attestor.commit-timeout = 30s").withFallback(ConfigFactory.load()));
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
  void twoThousandConcurrentRequestsGetGaplessChainedRowsSharingCommits() throws Exception {
    String node = "concurrent";
    int threads = 32;
    int perThread = 2_000 / threads;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    clock.stepPerRead(Duration.ofNanos(1_000)); // a running clock: many ids per millisecond and many milliseconds
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    try (IngressAttestor attestor = IngressAttestor.start(db.ownerDataSource(), SETTINGS, node, clock)) {
      long commitsBefore = attestor.stats().committedBatches();
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<List<CompletableFuture<Attested>>>> submitted = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        submitted.add(CompletableFuture.supplyAsync(() -> {
          awaitQuietly(go);
          List<CompletableFuture<Attested>> mine = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            IngressRecord r = i % 10 == 0
                ? Records.rejected(clock.instant(), "req-" + thread + "-" + i)
                : Records.forwarded(clock.instant(), "req-" + thread + "-" + i);
            mine.add(attestor.attest(r).toCompletableFuture());
          }
          return mine;
        }, callers));
      }
      go.countDown();
      List<Attested> results = new ArrayList<>();
      for (var perThreadFutures : submitted) {
        for (var f : perThreadFutures.get(60, TimeUnit.SECONDS)) results.add(f.get(60, TimeUnit.SECONDS));
      }

      List<AttestationRow> rows = ChainRows.read(db, node);
      assertEquals(threads * perThread, rows.size());
      ChainRows.assertIntact(rows);
      Map<Long, Attested> bySeq = new HashMap<>();
      results.forEach(a -> bySeq.put(a.nodeSeq(), a));
      assertEquals(rows.size(), bySeq.size(), "every caller got its own sequence");
      for (AttestationRow row : rows) {
        Attested a = bySeq.get(row.nodeSeq());
        assertEquals(row.attestationId(), a.attestationId());
        assertEquals(row.hash(), a.hash());
        assertEquals(node, a.nodeId());
      }

      AttestorStats stats = attestor.stats();
      long batches = stats.committedBatches() - commitsBefore;
      assertEquals(rows.size(), stats.committedRows());
      assertTrue(batches < rows.size() / 4, "requests share commits: " + batches + " batches for " + rows.size() + " rows");
      long transactions = AuditTestDatabase.queryLong(db,
          "SELECT count(DISTINCT xmin::text) FROM ingress_attestation WHERE node_id = ?", node);
      assertEquals(batches, transactions, "one transaction per batch");
      assertEquals(rows.get(rows.size() - 1).hash(), attestor.head().hash());
      assertEquals(rows.size(), attestor.head().nodeSeq());
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void restartedNodeContinuesItsChain() throws Exception {
    String node = "restart";
    Clock clock = Clock.systemUTC();
    Attested last;
    try (IngressAttestor first = IngressAttestor.start(db.ownerDataSource(), SETTINGS, node, clock)) {
      last = null;
      for (int i = 0; i < 5; i++) last = attest(first, Records.forwarded(clock.instant(), "first-" + i));
      assertEquals(5, last.nodeSeq());
    }
    try (IngressAttestor second = IngressAttestor.start(db.ownerDataSource(), SETTINGS, node, clock)) {
      assertEquals(5, second.head().nodeSeq());
      assertEquals(last.hash(), second.head().hash());
      Attested next = attest(second, Records.forwarded(clock.instant(), "second-0"));
      assertEquals(6, next.nodeSeq());
      assertTrue(ChainRows.compareUnsigned(last.attestationId(), next.attestationId()) < 0);
    }
    List<AttestationRow> rows = ChainRows.read(db, node);
    assertEquals(6, rows.size());
    ChainRows.assertIntact(rows);
    assertEquals(last.hash(), rows.get(5).prevHash());
  }

  @Test
  void nodesHaveIndependentChains() throws Exception {
    Clock clock = Clock.systemUTC();
    try (IngressAttestor a = IngressAttestor.start(db.ownerDataSource(), SETTINGS, "node-a", clock);
         IngressAttestor b = IngressAttestor.start(db.ownerDataSource(), SETTINGS, "node-b", clock)) {
      for (int i = 0; i < 3; i++) {
        attest(a, Records.forwarded(clock.instant(), "a-" + i));
        attest(b, Records.rejected(clock.instant(), "b-" + i));
      }
    }
    for (String node : List.of("node-a", "node-b")) {
      List<AttestationRow> rows = ChainRows.read(db, node);
      assertEquals(3, rows.size());
      ChainRows.assertIntact(rows);
    }
  }

  @Test
  void rowsHoldTheRequestAsAttested() throws Exception {
    Clock clock = Clock.systemUTC();
    IngressRecord rejected = Records.rejected(Instant.now().plusNanos(123_456), "shape");
    try (IngressAttestor attestor = IngressAttestor.start(db.ownerDataSource(), SETTINGS, "shape", clock)) {
      attest(attestor, rejected);
    }
    AttestationRow row = ChainRows.read(db, "shape").get(0);
    assertEquals(rejected.receivedAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS), row.receivedAt());
    assertEquals(IngressRecord.UNAUTHENTICATED, row.subject());
    assertEquals(null, row.keyId());
    assertEquals("shape", row.requestId());
    assertEquals(AttestationRow.Outcome.REJECTED, row.outcome());
    assertEquals("UNAUTHENTICATED", row.problemCode());
    assertEquals(401, row.httpStatus());
    assertEquals(null, row.bodySha256());
  }

  static Attested attest(Attestor attestor, IngressRecord record) throws Exception {
    return attestor.attest(record).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
