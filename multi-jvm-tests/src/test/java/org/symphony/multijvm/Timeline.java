package org.symphony.multijvm;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** What a scenario did, when: each step with its wall-clock time and the seconds since the scenario began. */
final class Timeline {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  /** One step. */
  record Entry(Instant at, long sinceStartMillis, String what) {}

  private final long startNanos = System.nanoTime();
  private final List<Entry> entries = new ArrayList<>();
  private final String scenario;

  Timeline(String scenario) {
    this.scenario = scenario;
  }

  /** Records a step (and prints it, for the test's console log). */
  synchronized void note(String format, Object... args) {
    Entry e = new Entry(Instant.now(), Await.millisSince(startNanos), String.format(format, args));
    entries.add(e);
    System.out.printf("[%s %s +%.1fs] %s%n", scenario, TIME.format(e.at()), e.sinceStartMillis() / 1000.0, e.what());
  }

  /** Milliseconds since the scenario began (the time base of {@link Entry#sinceStartMillis()}). */
  long elapsedMillis() {
    return Await.millisSince(startNanos);
  }

  synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  static String time(Instant at) {
    return TIME.format(at);
  }
}
