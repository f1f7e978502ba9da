package org.symphony.audit.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.symphony.audit.attest.IngressAttestorTest.attest;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;
import org.symphony.audit.incident.AuditIncident;
import org.symphony.audit.incident.AuditIncidents;
import org.symphony.audit.incident.IncidentKind;
import org.symphony.persistence.SymphonyDatabase;

@Timeout(120)
class ClockBackwardsTest {

  private static final AttestorSettings SETTINGS = AttestorSettings.fromConfig(ConfigFactory.load())
      .withClockBackwardsTolerance(Duration.ofMillis(300));
  private static final Instant T = Instant.parse("2026-11-26T08:00:00Z");
  private static SymphonyDatabase db;

  @BeforeAll
  static void startDatabase() {
    db = AuditTestDatabase.start();
  }

  @AfterAll
  static void stopDatabase() {
    if (db != null) db.close();
  }

  /** Failure injection "clock_backwards": the wall clock is set 5 s back under a running attestor. */
  @Test
  void aClockFiveSecondsBehindIsRefusedOnceTheToleranceIsUsedUpAndAnIncidentIsRecorded() throws Exception {
    String node = "clock-back";
    MutableClock clock = new MutableClock(T);
    try (EvidenceResult evidence = EvidenceResult.start(EvidenceSection.FAILURE_INJECTION, "clock_backwards", getClass());
        IngressAttestor attestor = IngressAttestor.start(db.ownerDataSource(), SETTINGS, node, clock)) {
      Attested first = attest(attestor, Records.forwarded(clock.instant(), "before"));
      clock.set(T.minusSeconds(5));
      long refusals = 0;
      for (int i = 0; i < 2; i++) {
        ClockWentBackwards refused = refusedByClock(attestor, Records.forwarded(clock.instant(), "behind-" + i));
        refusals++;
        evidence.measured("behind_seconds", refused.behind().toMillis() / 1000.0);
        assertTrue(refused.behind().compareTo(Duration.ofMillis(4_900)) >= 0, refused.getMessage());
      }
      long written = attestor.head().nodeSeq() - first.nodeSeq();
      List<AuditIncident> incidents = incidentsOf(node);
      evidence.measured("attestations_requested_while_behind", 2).measured("refused", refusals)
          .measured("refused_counted", attestor.stats().refusedClockBackwards())
          .measured("rows_written_while_behind", written).measured("incidents_recorded", incidents.size())
          .check("fail_closed", refusals == 2 && written == 0)
          .check("incident_recorded", incidents.size() == 1);
      assertEquals(first.nodeSeq(), attestor.head().nodeSeq(), "nothing was written");
      assertEquals(2, attestor.stats().refusedClockBackwards());
      assertEquals(1, incidents.size(), "one incident per episode, not per request");
      assertTrue(incidents.get(0).detail().contains("behind"), incidents.get(0).detail());

      clock.set(T.plusMillis(1));
      Attested after = attest(attestor, Records.forwarded(clock.instant(), "after"));
      boolean increasing = ChainRows.compareUnsigned(first.attestationId(), after.attestationId()) < 0;
      evidence.measured("smaller_ids_issued", increasing ? 0 : 1).measured("node_seq_after", after.nodeSeq())
          .check("no_smaller_id_issued", increasing).check("node_seq_gapless", after.nodeSeq() == first.nodeSeq() + 1);
      assertEquals(first.nodeSeq() + 1, after.nodeSeq());
      assertTrue(increasing);
      attestor.close();
      try {
        ChainRows.assertIntact(ChainRows.read(db, node));
        evidence.check("INV_CHAIN", true);
      } catch (AssertionError broken) {
        evidence.check("INV_CHAIN", false);
        throw broken;
      }
      evidence.pass();
    }
  }

  @Test
  void aSmallStepBackThatTheClockRecoversFromWithinTheToleranceSucceeds() throws Exception {
    String node = "clock-blip";
    MutableClock clock = new MutableClock(T);
    try (IngressAttestor attestor = IngressAttestor.start(db.ownerDataSource(), SETTINGS, node, clock)) {
      Attested first = attest(attestor, Records.forwarded(clock.instant(), "before"));
      clock.set(T.minusMillis(50));
      clock.stepPerRead(Duration.ofMillis(1)); // the clock runs again and passes T after ~50 reads
      Attested second = attest(attestor, Records.forwarded(clock.instant(), "during"));
      Attested third = attest(attestor, Records.forwarded(clock.instant(), "after"));
      assertEquals(List.of(1L, 2L, 3L), List.of(first.nodeSeq(), second.nodeSeq(), third.nodeSeq()));
      assertTrue(ChainRows.compareUnsigned(first.attestationId(), second.attestationId()) < 0);
      assertTrue(ChainRows.compareUnsigned(second.attestationId(), third.attestationId()) < 0);
      assertTrue(MonotonicUuidV7.millisOf(second.attestationId()) >= T.toEpochMilli());
      assertEquals(0, attestor.stats().refusedClockBackwards());
    }
    assertEquals(List.of(), incidentsOf(node));
    ChainRows.assertIntact(ChainRows.read(db, node));
  }

  @Test
  void aNodeRestartedWithItsClockBehindItsLastIdRefusesRatherThanIssueSmallerIds() throws Exception {
    String node = "clock-restart";
    MutableClock clock = new MutableClock(T);
    try (IngressAttestor attestor = IngressAttestor.start(db.ownerDataSource(), SETTINGS, node, clock)) {
      attest(attestor, Records.forwarded(clock.instant(), "before"));
    }
    clock.set(T.minusSeconds(5));
    try (IngressAttestor restarted = IngressAttestor.start(db.ownerDataSource(), SETTINGS, node, clock)) {
      refusedByClock(restarted, Records.forwarded(clock.instant(), "behind"));
      assertEquals(1, incidentsOf(node).size());
    }
  }

  private static ClockWentBackwards refusedByClock(Attestor attestor, IngressRecord record) {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> attestor.attest(record).toCompletableFuture().get(20, TimeUnit.SECONDS));
    return assertInstanceOf(ClockWentBackwards.class, AttestationUnavailable.in(e).orElseThrow());
  }

  private static List<AuditIncident> incidentsOf(String node) throws Exception {
    return new AuditIncidents(db.ownerDataSource()).recent(IncidentKind.CLOCK_BACKWARDS, 100).stream()
        .filter(i -> node.equals(i.nodeId())).toList();
  }
}
