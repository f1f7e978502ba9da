package org.symphony.audit.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.audit.chain.AttestationRow.Refusals;

/** The tally is bounded (sources, reasons) and exact (every refusal in exactly one count, restored ones included). */
class RefusalTallyTest {

  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private final RefusalTally tally = new RefusalTally(new RefusalSettings(Duration.ofMinutes(1), 3, 2));

  @Test
  void oneCountPerSourceWithItsReasonsAndFirstRequest() {
    tally.add(refusal(1, "10.0.0.1", "TOKEN_MISSING"));
    tally.add(refusal(2, "10.0.0.1", "TOKEN_INVALID"));
    tally.add(refusal(3, "10.0.0.2", "TOKEN_INVALID"));

    List<IngressRecord> rows = tally.drain();

    assertEquals(2, rows.size());
    IngressRecord first = rows.get(0);
    assertEquals(new Refusals(2, "10.0.0.1"), first.refusals());
    assertEquals("TOKEN_INVALID,TOKEN_MISSING", first.problemCode());
    assertEquals("req-1", first.requestId());
    assertEquals(T0.plusMillis(1), first.receivedAt());
    assertEquals(IngressRecord.UNAUTHENTICATED, first.subject());
    assertEquals(AttestationRow.Outcome.REJECTED, first.outcome());
    assertEquals(401, first.httpStatus());
    assertEquals(List.of(), tally.drain(), "a drain starts afresh");
  }

  @Test
  void sourcesPastTheCapAreCountedTogetherAndTheTotalStaysExact() {
    for (int i = 0; i < 10_000; i++) tally.add(refusal(i, "10.0." + (i % 500) + ".1", "TOKEN_INVALID"));
    assertEquals(4, tally.size(), "three sources and the others together");

    List<IngressRecord> rows = tally.drain();

    assertEquals(4, rows.size());
    assertEquals(10_000, rows.stream().mapToLong(r -> r.refusals().count()).sum());
    assertEquals(Refusals.OTHER_SOURCES, rows.get(3).refusals().source());
    assertEquals(10_000 - 3 * 20, rows.get(3).refusals().count());
  }

  @Test
  void reasonsPastTheCapAreRecordedAsOther() {
    for (String code : List.of("TOKEN_MISSING", "TOKEN_INVALID", "TOKEN_EXPIRED", "HTTP_400", "not a code"))
      tally.add(refusal(1, "10.0.0.1", code));
    assertEquals("OTHER,TOKEN_INVALID,TOKEN_MISSING", tally.drain().get(0).problemCode());
  }

  @Test
  void aCountThatCouldNotBeChainedJoinsTheNextDrain() {
    tally.add(refusal(5, "10.0.0.1", "TOKEN_MISSING"));
    IngressRecord unwritten = tally.drain().get(0);
    tally.add(refusal(9, "10.0.0.1", "TOKEN_INVALID"));
    tally.restore(unwritten);

    IngressRecord row = tally.drain().get(0);

    assertEquals(new Refusals(2, "10.0.0.1"), row.refusals());
    assertEquals("req-5", row.requestId(), "the earliest refusal names the count");
    assertEquals("TOKEN_INVALID,TOKEN_MISSING", row.problemCode());
  }

  @Test
  void aSealedTallyTakesNoNewRefusalsButKeepsRestoredOnes() {
    tally.add(refusal(1, "10.0.0.1", "TOKEN_MISSING"));
    IngressRecord unwritten = tally.drain().get(0);
    tally.seal();
    assertFalse(tally.add(refusal(2, "10.0.0.1", "TOKEN_MISSING")));
    tally.restore(unwritten);
    assertEquals(1, tally.drain().get(0).refusals().count());
  }

  @Test
  void windowsFlushOneRowPerSourceAndKeepWhatTheChainRefused() throws Exception {
    List<IngressRecord> chained = new java.util.concurrent.CopyOnWriteArrayList<>();
    boolean[] refusing = {true};
    RefusalWindows windows = new RefusalWindows(new RefusalSettings(Duration.ofMinutes(1), 10, 4), row -> {
      if (refusing[0]) return java.util.concurrent.CompletableFuture.failedFuture(new AttestationUnavailable(
          AttestationUnavailable.Reason.QUEUE_FULL, "full"));
      chained.add(row);
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    });
    for (int i = 0; i < 7; i++) assertTrue(windows.count(refusal(i, "10.0.0." + (i % 2), "TOKEN_MISSING")));
    windows.flush().toCompletableFuture().get();
    assertEquals(List.of(), chained, "refused by the chain: kept");

    refusing[0] = false;
    assertTrue(windows.count(refusal(8, "10.0.0.0", "TOKEN_MISSING")));
    windows.flush().toCompletableFuture().get();

    Map<String, Long> bySource = chained.stream()
        .collect(Collectors.toMap(r -> r.refusals().source(), r -> r.refusals().count()));
    assertEquals(Map.of("10.0.0.0", 5L, "10.0.0.1", 3L), bySource);
  }

  private static Refusal refusal(int n, String source, String code) {
    return new Refusal(T0.plusMillis(n), "req-" + n, source, "POST", "/v1/instructions", code, 401);
  }
}
