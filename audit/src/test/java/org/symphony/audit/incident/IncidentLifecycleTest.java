package org.symphony.audit.incident;

import static org.junit.jupiter.api.Assertions.*;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.symphony.audit.attest.AuditTestDatabase;
import org.symphony.persistence.SymphonyDatabase;

/**
 * Incidents on PostgreSQL 18: numbered INC-YYYYMMDD-NNN per UTC day, one per detected fact (dedup key), OPEN until
 * exactly one ending is recorded — a second ending is refused, the first stands.
 */
@Timeout(120)
class IncidentLifecycleTest {

  private static SymphonyDatabase db;
  private static AuditIncidents incidents;

  @BeforeAll
  static void startDatabase() {
    db = AuditTestDatabase.start();
    incidents = new AuditIncidents(db.ownerDataSource());
  }

  @AfterAll
  static void stopDatabase() {
    if (db != null) db.close();
  }

  @Test
  void referencesAreNumberedPerDayAndADetectionIsRecordedOnce() throws Exception {
    String day = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
    UUID attestation = UUID.randomUUID();
    var first = incidents.open(ghost(attestation));
    var again = incidents.open(ghost(attestation));
    var other = incidents.open(ghost(UUID.randomUUID()));

    assertTrue(first.created());
    assertFalse(again.created(), "the same fact detected again finds the open incident");
    assertEquals(first.incident().incidentId(), again.incident().incidentId());
    assertTrue(first.incident().reference().matches("INC-" + day + "-\\d{3,}"), first.incident().reference());
    assertEquals(number(first.incident().reference()) + 1, number(other.incident().reference()), "consecutive numbers");
    assertEquals(IncidentStatus.OPEN, first.incident().status());
    assertEquals(attestation, first.incident().attestationId());
    assertEquals("bank-a", first.incident().participantId());
  }

  /**
   * The soak of 2026-12-04 opened its 1,000th SEQUENCE_GAP of the day: lpad(1000, 3) is '100', the reference of the
   * 100th, so the insert failed, and the reconciliation worker failed on it every cycle from then on.
   */
  @Test
  void aDayCanHaveMoreThan999Incidents() throws Exception {
    try (var c = db.ownerDataSource().getConnection(); var s = c.createStatement()) {
      s.execute("INSERT INTO incident_day_counter (day, last_no) VALUES ((now() AT TIME ZONE 'UTC')::date, 998)"
          + " ON CONFLICT (day) DO UPDATE SET last_no = greatest(incident_day_counter.last_no, 998)");
    }
    java.util.Set<String> references = new java.util.HashSet<>();
    for (int i = 0; i < 3; i++) {
      var opened = incidents.open(ghost(UUID.randomUUID()));
      assertTrue(opened.created());
      references.add(opened.incident().reference());
    }
    assertEquals(3, references.size(), "three incidents, three references: " + references);
    String day = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
    assertTrue(references.stream().allMatch(r -> r.matches("INC-" + day + "-\\d{3,}")), references.toString());
    assertTrue(references.stream().anyMatch(r -> number(r) >= 1000), references.toString());
  }

  @Test
  void anIncidentEndsOnceAndTheFirstEndingStands() throws Exception {
    var opened = incidents.open(ghost(UUID.randomUUID())).incident();
    var fixed = incidents.resolve(opened.incidentId(), IncidentStatus.AUTO_FIXED, "reconciliation", "a retry created it");
    assertTrue(fixed.isPresent());
    assertEquals(IncidentStatus.AUTO_FIXED, fixed.get().status());
    assertEquals("reconciliation", fixed.get().resolvedBy());
    assertTrue(fixed.get().timeToResolve().orElseThrow().toMillis() >= 0);

    assertTrue(incidents.resolve(opened.incidentId(), IncidentStatus.ABANDONED, "someone", "later").isEmpty());
    var found = incidents.find(opened.reference()).orElseThrow();
    assertEquals(IncidentStatus.AUTO_FIXED, found.status());
    assertEquals("a retry created it", found.resolution());
    assertThrows(IllegalArgumentException.class, () -> incidents.resolve(opened.incidentId(), IncidentStatus.OPEN, "x", "y"));
  }

  @Test
  void openIncidentsAreListedByKindAndParticipant() throws Exception {
    String participant = "p-" + UUID.randomUUID().toString().substring(0, 8);
    var open = incidents.open(new NewIncident(IncidentKind.SEQUENCE_GAP, NewIncident.sequenceGapKey(participant, 7), "n1", participant,
        null, null, 7L, "hole at 7")).incident();
    var closed = incidents.open(new NewIncident(IncidentKind.SEQUENCE_GAP, NewIncident.sequenceGapKey(participant, 8), "n1", participant,
        null, null, 8L, "hole at 8")).incident();
    incidents.resolve(closed.incidentId(), IncidentStatus.AUTO_FIXED, "reconciliation", "voided");

    var listed = incidents.list(new IncidentFilter(IncidentStatus.OPEN, "SEQUENCE_GAP", participant, 10));
    assertEquals(1, listed.size());
    assertEquals(open.incidentId(), listed.get(0).incidentId());
    assertEquals(7L, listed.get(0).sequenceId());
    assertEquals(1, incidents.list(new IncidentFilter(IncidentStatus.AUTO_FIXED, null, participant, 10)).size());
    assertEquals(2, incidents.list(new IncidentFilter(null, null, participant, 10)).size());
  }

  private static NewIncident ghost(UUID attestationId) {
    return new NewIncident(IncidentKind.GHOST_RECOVERY, NewIncident.ghostKey(attestationId), "node-1", "bank-a", "instr-1",
        attestationId, null, "no instruction after the retry window");
  }

  private static int number(String reference) {
    return Integer.parseInt(reference.substring(reference.lastIndexOf('-') + 1));
  }
}
