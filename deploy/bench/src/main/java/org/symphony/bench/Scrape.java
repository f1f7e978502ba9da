package org.symphony.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of the node's Prometheus endpoint. */
record Scrape(String text, long atNanos) {

  static Scrape of(String metricsUrl) throws Exception {
    return new Scrape(Edge.get(metricsUrl), System.nanoTime());
  }

  /** Sum of a series' samples whose labels contain labelText (all of them if it is empty); 0 if absent. */
  double sum(String series, String labelText) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
    double sum = 0;
    while (m.find()) {
      String labels = m.group(1) == null ? "" : m.group(1);
      if (labels.contains(labelText)) sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }

  double sum(String series) {
    return sum(series, "");
  }

  double settled() {
    return sum("symphony_instruction_state_entered_total", "state=\"SUCCEEDED\"")
        + sum("symphony_instruction_state_entered_total", "state=\"FAILED\"")
        + sum("symphony_instruction_state_entered_total", "state=\"REJECTED\"");
  }

  /** CPU seconds the node's JVM has used (its own counter). */
  double cpuSeconds() {
    return sum("symphony_process_cpu_time_seconds");
  }

  /** Rows made durable: journal events and attestation rows. */
  double durableRows() {
    return sum("symphony_journal_events_total") + sum("symphony_attestations_total");
  }
}
