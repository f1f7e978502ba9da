package org.symphony.audit.partition;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One weekly partition of ingress_attestation: [Monday 00:00 UTC, next Monday 00:00 UTC), named
 * {@code ingress_attestation_pYYYYMMDD} after its first day.
 */
public record WeekPartition(LocalDate monday) implements Comparable<WeekPartition> {

  public static final String PREFIX = "ingress_attestation_p";
  private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{8})");
  private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;

  public WeekPartition {
    if (monday.getDayOfWeek() != DayOfWeek.MONDAY) throw new IllegalArgumentException("not a Monday: " + monday);
  }

  public static WeekPartition containing(Instant t) {
    LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
    return new WeekPartition(day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
  }

  /** The week a partition name stands for; empty for names this manager did not make. */
  public static Optional<WeekPartition> fromName(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) return Optional.empty();
    try {
      LocalDate day = LocalDate.parse(m.group(1), BASIC);
      return day.getDayOfWeek() == DayOfWeek.MONDAY ? Optional.of(new WeekPartition(day)) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  public String name() {
    return PREFIX + BASIC.format(monday);
  }

  /** Inclusive start. */
  public Instant from() {
    return monday.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Exclusive end: the next Monday. */
  public Instant to() {
    return monday.plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public WeekPartition plusWeeks(long weeks) {
    return new WeekPartition(monday.plusWeeks(weeks));
  }

  @Override
  public int compareTo(WeekPartition other) {
    return monday.compareTo(other.monday);
  }
}
