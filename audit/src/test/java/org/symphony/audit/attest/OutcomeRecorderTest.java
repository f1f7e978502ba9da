package org.symphony.audit.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.symphony.persistence.SymphonyDatabase;

@Timeout(120)
class OutcomeRecorderTest {

  private static final OutcomeSettings SETTINGS = OutcomeSettings.fromConfig(ConfigFactory.load());
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Instant T = Instant.parse("2026-11-27T10:00:00.123456Z");
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
  void outcomesLandInBatches() {
    Instant at = T.minusSeconds(60); // only this test's rows carry it
    try (OutcomeRecorder recorder = OutcomeRecorder.start(db.ownerDataSource(), SETTINGS)) {
      UUID probe = UUID.randomUUID();
      assertTrue(recorder.record(new AttestationOutcome(probe, "instr-probe", "ACCEPTED", 202, at)));
      for (int i = 0; i < 999; i++) {
        assertTrue(recorder.record(new AttestationOutcome(UUID.randomUUID(), "instr-" + i, "ACCEPTED", 202, at)));
      }
      Await.until(WAIT, "1000 outcomes written", () -> recorder.stats().written() == 1_000);
      assertEquals(1_000, AuditTestDatabase.queryLong(db, "SELECT count(*) FROM attestation_outcome WHERE recorded_at = ?",
          java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC)));
      assertEquals("instr-probe|ACCEPTED|202|" + at.truncatedTo(ChronoUnit.MICROS), AuditTestDatabase.queryString(db,
          "SELECT instruction_id || '|' || outcome || '|' || http_status || '|' "
              + "|| to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
              + "FROM attestation_outcome WHERE attestation_id = ?", probe));
    }
  }

  @Test
  void duplicatesAreIgnoredAndTheFirstOutcomeStays() {
    UUID id = UUID.randomUUID();
    try (OutcomeRecorder recorder = OutcomeRecorder.start(db.ownerDataSource(), SETTINGS)) {
      recorder.record(new AttestationOutcome(id, "instr-1", "ACCEPTED", 202, T));
      Await.until(WAIT, "first written", () -> recorder.stats().written() == 1);
      recorder.record(new AttestationOutcome(id, "instr-1", "DUPLICATE_REPLAYED", 200, T.plusSeconds(1)));
      recorder.record(new AttestationOutcome(id, null, "FAILED", 500, T.plusSeconds(2)));
      Await.until(WAIT, "duplicates ignored", () -> recorder.stats().duplicatesIgnored() == 2);
      assertEquals(1, recorder.stats().written());
    }
    assertEquals(1, AuditTestDatabase.queryLong(db, "SELECT count(*) FROM attestation_outcome WHERE attestation_id = ?", id));
    assertEquals("ACCEPTED", AuditTestDatabase.queryString(db, "SELECT outcome FROM attestation_outcome WHERE attestation_id = ?", id));
  }

  @Test
  void closeWritesWhatIsQueuedAndThenRefuses() {
    UUID id = UUID.randomUUID();
    OutcomeRecorder recorder = OutcomeRecorder.start(db.ownerDataSource(), SETTINGS);
    recorder.record(new AttestationOutcome(id, "instr-close", "ACCEPTED", 202, T));
    recorder.close();
    assertEquals(1, AuditTestDatabase.queryLong(db, "SELECT count(*) FROM attestation_outcome WHERE attestation_id = ?", id));
    assertFalse(recorder.record(new AttestationOutcome(UUID.randomUUID(), null, "ACCEPTED", 202, T)));
  }
}
