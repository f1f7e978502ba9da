package org.symphony.audit.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.symphony.audit.checkpoint.CheckpointKeys;
import org.symphony.audit.testing.AttestationDb;
import org.symphony.audit.testing.ChainFixture;

@Timeout(300)
class ChainVerifierIntactTest {

  private static final CheckpointKeys KEYS = CheckpointKeys.generate();
  private static final ChainVerifier.Options PINNED = ChainVerifier.Options.DEFAULTS.withTrustedKeys(TrustedKeys.of(KEYS.publicKey()));
  private static AttestationDb db;
  private static String headA;
  private static String headB;

  @BeforeAll
  static void start() {
    db = AttestationDb.start();
    ChainFixture fixture = new ChainFixture(db.dataSource(), KEYS);
    headA = fixture.insertChain("node-a", 60_000, 1_000);
    headB = fixture.insertChain("node-b", 40_000, 1_000);
  }

  @AfterAll
  static void stop() {
    if (db != null) db.close();
  }

  @Test
  void untouchedChainsOfTwoNodesVerifyIntactWithProgress() {
    record Call(long done, long total) {}
    List<Call> calls = new ArrayList<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    int exit = ChainVerification.run(db.dataSource(), out, (done, total) -> calls.add(new Call(done, total)), PINNED);

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(ChainVerification.INTACT, exit, printed);
    assertTrue(printed.contains("node node-a: rows=60000 head=60000 hash=" + headA + " checkpoints=60 OK"), printed);
    assertTrue(printed.contains("node node-b: rows=40000 head=40000 hash=" + headB + " checkpoints=40 OK"), printed);
    assertFalse(printed.contains("BROKEN"), printed);
    // Every 50,000 rows, then the final count as the total (the estimate in between comes from statistics that
    // autovacuum may or may not have refreshed yet, so only its bounds are asserted).
    assertEquals(50_000L, calls.get(0).done(), calls::toString);
    assertTrue(calls.stream().allMatch(c -> c.done() <= c.total()), calls::toString);
    assertEquals(new Call(100_000, 100_000), calls.get(calls.size() - 1));
  }

  @Test
  void reportsEachNodeWithSmallFetchesAndFrequentProgress() {
    List<Long> done = new ArrayList<>();
    VerificationReport report = new ChainVerifier(db.dataSource(), PINNED.withTuning(7, 10_000, 100))
        .verify((rows, total) -> done.add(rows));

    assertTrue(report.isIntact(), report::toString);
    assertEquals(List.of(
        new NodeSummary("node-a", 60_000, 60_000, headA, 60, 0, true),
        new NodeSummary("node-b", 40_000, 40_000, headB, 40, 0, true)), report.nodes());
    assertEquals(List.of(10_000L, 20_000L, 30_000L), done.subList(0, 3));
    assertEquals(100_000L, done.get(done.size() - 1));
  }
}
