package org.symphony.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of the nodes' Prometheus endpoints, one text per node taken one after the other: the cluster's counters
 * are the sums of the nodes' (an instruction is counted by the node that runs it, wherever it was accepted).
 */
record Scrape(List<String> texts, long atNanos) {

  Scrape {
    texts = List.copyOf(texts);
  }

  static Scrape of(List<String> metricsUrls) throws Exception {
    List<String> texts = new ArrayList<>();
    for (String url : metricsUrls) texts.add(Edge.get(url));
    return new Scrape(texts, System.nanoTime());
  }

  /**
   * Sum over the nodes of a series' samples whose labels contain every one of the label texts (all samples if it is
   * empty); 0 if absent. Texts, not a parsed label set: the exporter's label order is its own.
   */
  double sum(String series, String... labelTexts) {
    double sum = 0;
    for (String text : texts) sum += sumOf(text, series, labelTexts);
    return sum;
  }

  /** The largest node's value of a series (summed over its samples): a per-JVM figure such as the heap. */
  double maxOverNodes(String series) {
    return texts.stream().mapToDouble(t -> sumOf(t, series, "")).max().orElse(0);
  }

  private static double sumOf(String text, String series, String... labelTexts) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
    double sum = 0;
    while (m.find()) {
      String labels = m.group(1) == null ? "" : m.group(1);
      if (java.util.Arrays.stream(labelTexts).allMatch(labels::contains)) sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }

  double settled() {
    return sum("symphony_instruction_state_entered_total", "state=\"SUCCEEDED\"")
        + sum("symphony_instruction_state_entered_total", "state=\"FAILED\"")
        + sum("symphony_instruction_state_entered_total", "state=\"REJECTED\"");
  }

  /** CPU seconds the nodes' JVMs have used (each its own counter), summed. */
  double cpuSeconds() {
    return sum("symphony_process_cpu_time_seconds");
  }

  /** Rows made durable: journal events and attestation rows. */
  double durableRows() {
    return sum("symphony_journal_events_total") + sum("symphony_attestations_total");
  }

  /** Heap used, MiB: the largest node's (each node has its own -Xmx; the target is per JVM). */
  double heapMiB() {
    return maxOverNodes("symphony_jvm_heap_used_bytes") / (1024.0 * 1024);
  }
}
