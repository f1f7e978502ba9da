package org.symphony.audit.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WeekPartitionTest {

  @Test
  void weeksRunFromMondayMidnightUtc() {
    WeekPartition sunday = WeekPartition.containing(Instant.parse("2026-11-29T23:59:59.999999Z"));
    WeekPartition monday = WeekPartition.containing(Instant.parse("2026-11-30T00:00:00Z"));
    assertEquals(LocalDate.parse("2026-11-23"), sunday.monday());
    assertEquals(LocalDate.parse("2026-11-30"), monday.monday());
    assertEquals(monday, sunday.plusWeeks(1));
    assertEquals(Instant.parse("2026-11-30T00:00:00Z"), sunday.to());
    assertEquals(sunday.to(), monday.from());
  }

  @Test
  void namesCarryTheFirstDay() {
    WeekPartition week = new WeekPartition(LocalDate.parse("2027-01-04"));
    assertEquals("ingress_attestation_p20270104", week.name());
    assertEquals(Optional.of(week), WeekPartition.fromName(week.name()));
    assertEquals(Optional.empty(), WeekPartition.fromName("ingress_attestation_p20270105")); // a Tuesday
    assertEquals(Optional.empty(), WeekPartition.fromName("ingress_attestation_default"));
    assertThrows(IllegalArgumentException.class, () -> new WeekPartition(LocalDate.parse("2027-01-05")));
  }
}
