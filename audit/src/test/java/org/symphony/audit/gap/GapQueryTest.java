package org.symphony.audit.gap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.symphony.audit.attest.AttestationOutcome;
import org.symphony.audit.attest.Attested;
import org.symphony.audit.attest.AttestorSettings;
import org.symphony.audit.attest.Await;
import org.symphony.audit.attest.AuditTestDatabase;
import org.symphony.audit.attest.IngressAttestor;
import org.symphony.audit.attest.IngressRecord;
import org.symphony.audit.attest.MutableClock;
import org.symphony.audit.attest.OutcomeRecorder;
import org.symphony.audit.attest.OutcomeSettings;
import org.symphony.audit.attest.Records;
import org.symphony.persistence.SymphonyDatabase;

@Timeout(120)
class GapQueryTest {

  private static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");
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
  void reportsForwardedAttestationsWithoutOutcomeOlderThanTheGrace() throws Exception {
    MutableClock clock = new MutableClock(NOW);
    GapQuery query = new GapQuery(db.ownerDataSource(), GapSettings.fromConfig(ConfigFactory.load()), clock);
    // The metric's incremental count agrees with the full one at every step (it reads only after its watermark).
    GapGauge gauge = new GapGauge(db.ownerDataSource(), GapSettings.fromConfig(ConfigFactory.load()), clock);
    try (IngressAttestor attestor = IngressAttestor.start(db.ownerDataSource(),
             AttestorSettings.fromConfig(ConfigFactory.load()), "gap-node", clock);
         OutcomeRecorder outcomes = OutcomeRecorder.start(db.ownerDataSource(), OutcomeSettings.fromConfig(ConfigFactory.load()))) {
      Attested blackholed = attest(attestor, Records.forwarded(NOW.minusSeconds(10), "blackholed"));
      Attested answered = attest(attestor, Records.forwarded(NOW.minusSeconds(10), "answered"));
      attest(attestor, Records.forwarded(NOW.minusSeconds(1), "young"));
      attest(attestor, Records.rejected(NOW.minusSeconds(10), "rejected"));
      outcomes.record(new AttestationOutcome(answered.attestationId(), "instr-1", "ACCEPTED", 202, NOW));
      Await.until(Duration.ofSeconds(20), "outcome written", () -> outcomes.stats().written() == 1);

      List<AttestationGap> gaps = query.gaps(100);
      assertEquals(1, gaps.size(), gaps.toString());
      AttestationGap gap = gaps.get(0);
      assertEquals(blackholed.attestationId(), gap.attestationId());
      assertEquals("gap-node", gap.nodeId());
      assertEquals(blackholed.nodeSeq(), gap.nodeSeq());
      assertEquals("blackholed", gap.requestId());
      assertEquals(NOW.minusSeconds(10), gap.receivedAt());
      assertEquals(1, query.count());
      assertEquals(1, gauge.count());
      assertEquals(1, gauge.count(), "counted again from the open one it stopped at");

      clock.set(NOW.plusSeconds(5)); // "young" is now past the grace too
      assertEquals(List.of("blackholed", "young"), query.gaps(100).stream().map(AttestationGap::requestId).toList());
      assertEquals(List.of("blackholed"), query.gaps(1).stream().map(AttestationGap::requestId).toList());
      assertEquals(2, query.count());
      assertEquals(2, gauge.count());

      outcomes.record(new AttestationOutcome(blackholed.attestationId(), null, "NOT_FORWARDED", 503, NOW));
      Await.until(Duration.ofSeconds(20), "gap closed", () -> countQuietly(query) == 1);
      assertEquals(1, gauge.count(), "the young one is still open");

      // An hour on: a new gap far past the watermark's margin is found; the closed ones are not read again.
      clock.set(NOW.plusSeconds(3600));
      Attested late = attest(attestor, Records.forwarded(NOW.plusSeconds(3590), "late"));
      assertEquals(2, query.count());
      assertEquals(2, gauge.count());
      assertEquals(List.of("young", "late"), query.gaps(100).stream().map(AttestationGap::requestId).toList());
      outcomes.record(new AttestationOutcome(late.attestationId(), "instr-2", "ACCEPTED", 202, NOW.plusSeconds(3590)));
      Await.until(Duration.ofSeconds(20), "late answered", () -> countQuietly(query) == 1);
      assertEquals(1, gauge.count());
    }
  }

  private static Attested attest(IngressAttestor attestor, IngressRecord record) throws Exception {
    return attestor.attest(record).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static long countQuietly(GapQuery query) {
    try {
      return query.count();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
