package org.symphony.multijvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scenario's readable report, {@code <report-dir>/<scenario>.md}: the timeline, what each group of requests got
 * (submitted, 202, 503, …), the invariants with their numbers, and free-form findings.
 */
final class ScenarioReport {

  private final String scenario;
  private final String title;
  private final Timeline timeline;
  private final List<String> sections = new ArrayList<>();
  private final List<Invariants.Check> checks = new ArrayList<>();
  private final Instant started = Instant.now();

  ScenarioReport(String scenario, String title, Timeline timeline) {
    this.scenario = scenario;
    this.title = title;
    this.timeline = timeline;
  }

  /** Where reports go: {@code symphony.multijvm.report-dir} (set by the pom), else next to the node logs. */
  static Path directory() {
    String dir = System.getProperty("symphony.multijvm.report-dir");
    if (dir != null) return Path.of(dir);
    return Path.of(System.getProperty("symphony.multijvm.log-dir", System.getProperty("java.io.tmpdir"))).resolveSibling("partition-reports");
  }

  /** A table of outcomes of {@code attempts}, per node. */
  void requests(String heading, List<LoadDriver.Attempt> attempts) {
    StringBuilder b = new StringBuilder("### " + heading + "\n\n");
    Map<Integer, List<LoadDriver.Attempt>> byNode = new TreeMap<>();
    attempts.forEach(a -> byNode.computeIfAbsent(a.node(), n -> new ArrayList<>()).add(a));
    b.append("| edge of | submitted |");
    for (LoadDriver.Outcome o : LoadDriver.Outcome.values()) b.append(' ').append(label(o)).append(" |");
    b.append("\n|---|---|");
    for (LoadDriver.Outcome o : LoadDriver.Outcome.values()) b.append("---|");
    b.append('\n');
    byNode.forEach((node, list) -> row(b, "node-" + node, list));
    row(b, "**all**", attempts);
    Map<String, Long> codes = new TreeMap<>();
    attempts.stream().filter(a -> !a.accepted())
        .forEach(a -> codes.merge(a.outcome() + (a.status() > 0 ? " " + a.status() + " " + a.detail() : " " + shortError(a.detail())), 1L, Long::sum));
    if (!codes.isEmpty()) {
      b.append("\nAnswers other than 202, by kind:\n\n");
      codes.forEach((k, n) -> b.append("- ").append(n).append(" × ").append(k).append('\n'));
    }
    sections.add(b.toString());
  }

  private static void row(StringBuilder b, String name, List<LoadDriver.Attempt> list) {
    Map<LoadDriver.Outcome, Long> counts = LoadDriver.counts(list);
    b.append("| ").append(name).append(" | ").append(list.size()).append(" |");
    for (LoadDriver.Outcome o : LoadDriver.Outcome.values()) b.append(' ').append(counts.getOrDefault(o, 0L)).append(" |");
    b.append('\n');
  }

  private static String label(LoadDriver.Outcome o) {
    return switch (o) {
      case ACCEPTED -> "202";
      case REPLAYED -> "200 (retry)";
      case UNAVAILABLE -> "503 + Retry-After";
      case UNAVAILABLE_WITHOUT_RETRY_AFTER -> "503 without Retry-After";
      case SERVER_ERROR -> "other 5xx";
      case OTHER_STATUS -> "other status";
      case REFUSED -> "refused";
      case CONNECTION_LOST -> "connection lost";
      case TIMEOUT -> "no answer in " + LoadDriver.REQUEST_TIMEOUT.toSeconds() + " s";
    };
  }

  private static String shortError(String detail) {
    return detail.length() > 100 ? detail.substring(0, 100) : detail;
  }

  void section(String heading, String text) {
    sections.add("### " + heading + "\n\n" + text + "\n");
  }

  void check(Invariants.Check check) {
    checks.add(check);
    timeline.note("%s %s: %s", check.name(), check.holds() ? "holds" : "VIOLATED", check.detail());
  }

  List<Invariants.Check> checks() {
    return List.copyOf(checks);
  }

  /** Writes the report; returns its path. */
  Path write() throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(scenario).append(": ").append(title).append("\n\n");
    b.append("Run ").append(started).append(". Every time below is UTC; +s = seconds since the scenario began.\n\n");
    b.append("## Invariants\n\n| invariant | verdict | numbers |\n|---|---|---|\n");
    for (Invariants.Check c : checks)
      b.append("| ").append(c.name()).append(" | ").append(c.holds() ? "holds" : "**VIOLATED**").append(" | ")
          .append(c.detail().replace("|", "\\|")).append(" |\n");
    if (checks.isEmpty()) b.append("| (not reached) | | |\n");
    b.append("\n## Requests\n\n");
    sections.forEach(s -> b.append(s).append('\n'));
    b.append("## Timeline\n\n| time | +s | step |\n|---|---|---|\n");
    for (Timeline.Entry e : timeline.entries())
      b.append("| ").append(Timeline.time(e.at())).append(" | ").append(String.format("%.1f", e.sinceStartMillis() / 1000.0)).append(" | ")
          .append(e.what().replace("|", "\\|").replace("\n", " ")).append(" |\n");
    Path dir = directory();
    Files.createDirectories(dir);
    Path file = dir.resolve(scenario + ".md");
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    return file;
  }
}
