package org.symphony.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The run's figures: printed as a table, written as JSON, a latency plot and RESULTS.md — the same numbers in all. */
final class Report {

  final String runId = Long.toString(System.currentTimeMillis(), 36);
  final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final Bench.Options options;
  private final Path results;
  private final Path resultsMd;

  Map<String, String> machine = new LinkedHashMap<>();
  double journalRowsPerInstruction, attestationRowsPerInstruction;
  int payloadBytes;
  final List<PgBench.Result> pgbench = new ArrayList<>();
  final List<Bench.Window> steps = new ArrayList<>();
  final List<Bench.Window> scenarios = new ArrayList<>();
  /** The best sustained step (highest accepted among those not saturated, accepted and settled); null if none. */
  Bench.Window maxStep;
  double maxAccepted, maxSettled, scenarioRate, faultsSettledSeconds = Double.NaN, recoveryRate = Double.NaN;
  Soak.Summary soak;
  double soakRate = Double.NaN;
  long soakAccepted;
  long recoverySubmitted, recoveryAcceptedInJournal, recoveryOpenAtRestart = -1, recoveryOpenAtEnd = -1;
  long recoveryOpenAtKill = -1;
  double recoveryRestartSeconds = Double.NaN, recoverySeconds = Double.NaN;
  Profile.Summary profile;
  String failure;

  Report(Bench.Options options, Path results, Path resultsMd) {
    this.options = options;
    this.results = results;
    this.resultsMd = resultsMd;
  }

  static final String HEADER = String.format("%-20s %9s %8s %9s %7s %8s %8s %5s %6s %7s %7s %6s %6s %6s %6s %8s %7s %4s",
      "window", "offered/s", "accept/s", "settled/s", "p50 ms", "p99 ms", "p99.9 ms", "503s", "errors", "rows/s", "nodeCPU", "simCPU", "pgCPU", "genCPU",
      "boxCPU", "ms/instr", "heapMiB", "sat") + "  rail d/s/cb per instr";

  static String row(Bench.Window w) {
    var l = w.load();
    return String.format("%-20s %9.0f %8.1f %9.1f %7.1f %8.1f %8.1f %5d %6d %7.0f %7.2f %6.2f %6.2f %6.2f %6.2f %8.2f %7.0f %4s",
        w.name(), l.offeredPerSecond(), l.acceptedPerSecond(), w.settledPerSecond(), l.percentileMillis(50), l.percentileMillis(99),
        l.percentileMillis(99.9), l.refused(), l.errors() + l.notSent() + l.unfinished(), w.rowsPerSecond(), w.nodeCpuCores(),
        w.simCpuCores(), w.postgresCpuCores(), w.generatorCpuCores(), w.machineCpuCores(), w.nodeMillisPerInstruction(), w.heapMiB(), w.saturated() ? "yes" : "no")
        + String.format("  %.2f/%.2f/%.2f", w.exchanges().dispatches(), w.exchanges().statusQueries(), w.exchanges().callbacks());
  }

  /** "1 node", or "2 nodes (local cluster; CPU, rows, rail exchanges summed over the nodes, heap = the largest node's)". */
  String nodesLabel() {
    return options.nodes() == 1 ? "1 node"
        : options.nodes() + " nodes (local cluster; CPU, rows, settled, rail exchanges summed over the nodes; heapMiB = the largest node's)";
  }

  double pgRowsPerSecond(String mode) {
    return pgbench.stream().filter(r -> r.mode().equals(mode)).mapToDouble(PgBench.Result::rowsPerSecond).findFirst().orElse(Double.NaN);
  }

  double bestEngineRowsPerSecond() {
    return steps.stream().mapToDouble(Bench.Window::rowsPerSecond).max().orElse(Double.NaN);
  }

  Bench.Window scenario(String name) {
    return scenarios.stream().filter(w -> w.name().equals(name)).findFirst().orElse(null);
  }

  String table() {
    StringBuilder b = new StringBuilder();
    b.append("Symphony bench '").append(options.label()).append("' ").append(startedAt).append(", ").append(nodesLabel()).append('\n');
    b.append(String.format("one instruction writes %.2f journal rows + %.2f attestation rows (payload avg %d B)%n",
        journalRowsPerInstruction, attestationRowsPerInstruction, payloadBytes));
    for (PgBench.Result r : pgbench)
      b.append(String.format("pgbench %-8s %2d clients, %3d instr/txn, %d rows/instr: %9.1f tps = %9.0f rows/s = %8.0f instr/s%n",
          r.mode(), r.clients(), r.instructionsPerTransaction(), r.rowsPerInstruction(), r.tps(), r.rowsPerSecond(),
          r.rowsPerSecond() / r.rowsPerInstruction()));
    b.append(HEADER).append('\n');
    steps.forEach(w -> b.append(row(w)).append('\n'));
    if (maxStep != null)
      b.append(String.format("max (highest step not saturated, accepted and settled): %s, accepted %.1f/s, settled %.1f/s, node %.2f ms CPU per settled instruction%n",
          maxStep.name(), maxAccepted, maxSettled, maxStep.nodeMillisPerInstruction()));
    else b.append("max: every step saturated (none accepted and settled what was offered)\n");
    b.append(String.format("scenarios at %.0f/s (70%% of max); rail simulators %s%n", scenarioRate, options.simulators()));
    scenarios.forEach(w -> b.append(row(w)).append('\n'));
    double engineRows = bestEngineRowsPerSecond();
    b.append(String.format("ratio engine rows/s / pgbench rows/s: %.3f (single-instruction txns), %.3f (batched %d per txn)%n",
        engineRows / pgRowsPerSecond("single"), engineRows / pgRowsPerSecond("batched"), options.pgBatch()));
    Bench.Window many = scenario("many participants"), hot = scenario("one hot participant");
    if (many != null && hot != null)
      b.append(String.format("hot participant / many participants (accepted/s): %.2f%n", hot.load().acceptedPerSecond() / many.load().acceptedPerSecond()));
    Bench.Window faults = scenario("20% rail faults");
    if (faults != null)
      b.append(String.format("20%% rail faults: %.0f retries, %.0f DLQ; all settled %s after the faults stopped%n", faults.retries(), faults.dlq(),
          Double.isNaN(faultsSettledSeconds) ? "NOT within the bound" : String.format("%.1f s", faultsSettledSeconds)));
    if (soak != null) {
      b.append(String.format("heap soak: %d accepted at %.0f/s; heap after full GC (MiB) by instructions submitted:", soakAccepted, soakRate));
      soak.samples().forEach(x -> b.append(String.format(" %d: %.0f", x.instructions(), x.heapMiB())));
      b.append(String.format("%n  after %d warm-up samples: first %.0f, max %.0f, last %.0f MiB: %s%n", soak.warmUpSamples(), soak.firstAfterWarmUpMiB(),
          soak.maxAfterWarmUpMiB(), soak.lastMiB(), soak.flat() ? "flat (last <= 1.1 x first)" : "NOT flat"));
    }
    if (recoverySubmitted > 0)
      b.append(String.format("recovery at %.0f/s: %d accepted, SIGKILL with %s open, node up again %.1f s later with %d open; all terminal %s after SIGKILL%n",
          recoveryRate, recoveryAcceptedInJournal, recoveryOpenAtKill < 0 ? "?" : Long.toString(recoveryOpenAtKill), recoveryRestartSeconds, recoveryOpenAtRestart,
          Double.isNaN(recoverySeconds) ? "NOT within the bound (" + recoveryOpenAtEnd + " open)" : String.format("%.1f s", recoverySeconds)));
    Bench.Window last = scenarios.isEmpty() ? (steps.isEmpty() ? null : steps.get(steps.size() - 1)) : scenarios.get(scenarios.size() - 1);
    if (last != null) b.append(String.format("heap after the run: %.0f MiB%n", last.heapMiB()));
    if (failure != null) b.append("RUN FAILED: ").append(failure).append('\n');
    return b.toString();
  }

  void write() throws IOException {
    String table = table();
    System.out.println();
    System.out.print(table);
    Files.writeString(results.resolve(options.label() + ".json"), json());
    Path png = results.resolve(options.label() + "-latency.png");
    plot(png);
    // RESULTS.md is the committed full run's; a smoke or lever run writes results/<label>.md beside its JSON.
    Path md = "full".equals(options.label()) ? resultsMd : results.resolve(options.label() + ".md");
    Files.writeString(md, markdown(table, png.getFileName().toString()));
    System.out.println("wrote " + results.resolve(options.label() + ".json") + ", " + png + ", " + md);
  }

  private String json() throws IOException {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = m.createObjectNode();
    root.put("label", options.label()).put("startedAt", startedAt.toString()).put("nodes", options.nodes())
        .put("nodeFigures", options.nodes() == 1 ? "one node" : "summed over the nodes' scrapes; heapMiB is the largest node's");
    root.set("options", m.valueToTree(options));
    root.set("machine", m.valueToTree(machine));
    root.put("journalRowsPerInstruction", journalRowsPerInstruction).put("attestationRowsPerInstruction", attestationRowsPerInstruction)
        .put("payloadBytes", payloadBytes);
    root.set("pgbench", m.valueToTree(pgbench));
    root.set("steps", windows(m, steps));
    root.put("maxAcceptedPerSecond", maxAccepted).put("maxSettledPerSecond", maxSettled).put("scenarioRate", scenarioRate)
        .put("maxStep", maxStep == null ? null : maxStep.name())
        .put("nodeMsPerInstructionAtMax", maxStep == null ? Double.NaN : maxStep.nodeMillisPerInstruction());
    root.set("scenarios", windows(m, scenarios));
    root.put("ratioEngineToPgbenchSingle", bestEngineRowsPerSecond() / pgRowsPerSecond("single"));
    root.put("ratioEngineToPgbenchBatched", bestEngineRowsPerSecond() / pgRowsPerSecond("batched"));
    root.put("faultsSettledSeconds", faultsSettledSeconds);
    ObjectNode rec = root.putObject("recovery");
    rec.put("instructions", options.recoveryInstructions()).put("acceptedAnswers", recoverySubmitted)
        .put("acceptedInJournal", recoveryAcceptedInJournal).put("openAtSigkill", recoveryOpenAtKill).put("openWhenRestarted", recoveryOpenAtRestart)
        .put("ratePerSecond", recoveryRate).put("restartSeconds", recoveryRestartSeconds).put("secondsUntilAllTerminal", recoverySeconds).put("openAtEnd", recoveryOpenAtEnd);
    if (soak != null) {
      ObjectNode so = root.putObject("heapSoak");
      so.put("instructions", options.soakInstructions()).put("accepted", soakAccepted).put("ratePerSecond", soakRate)
          .put("sampleEvery", options.soakSample()).put("warmUpSamples", soak.warmUpSamples()).put("firstAfterWarmUpMiB", soak.firstAfterWarmUpMiB())
          .put("maxAfterWarmUpMiB", soak.maxAfterWarmUpMiB()).put("lastMiB", soak.lastMiB()).put("flat", soak.flat());
      so.set("samples", m.valueToTree(soak.samples()));
    }
    if (profile != null) root.set("profile", m.valueToTree(profile));
    if (failure != null) root.put("failure", failure);
    return m.writeValueAsString(root);
  }

  private static ArrayNode windows(ObjectMapper m, List<Bench.Window> ws) {
    ArrayNode a = m.createArrayNode();
    for (Bench.Window w : ws) {
      var l = w.load();
      a.addObject().put("name", w.name()).put("offeredPerSecond", l.offeredPerSecond()).put("acceptedPerSecond", l.acceptedPerSecond())
          .put("settledPerSecond", w.settledPerSecond()).put("p50Ms", l.percentileMillis(50)).put("p99Ms", l.percentileMillis(99))
          .put("p999Ms", l.percentileMillis(99.9)).put("maxMs", l.acceptLatencyNanos().getMaxValue() / 1e6)
          .put("due", l.due()).put("accepted", l.accepted()).put("replayed", l.replayed()).put("refused503", l.refused())
          .put("errors", l.errors()).put("notSent", l.notSent()).put("unfinished", l.unfinished())
          .put("durableRowsPerSecond", w.rowsPerSecond()).put("nodeCpuCores", w.nodeCpuCores())
          .put("simulatorCpuCores", w.simCpuCores()).put("postgresCpuCores", w.postgresCpuCores()).put("generatorCpuCores", w.generatorCpuCores()).put("machineCpuCores", w.machineCpuCores())
          .put("nodeMsPerSettledInstruction", w.nodeMillisPerInstruction())
          .put("railDispatchesPerInstruction", w.exchanges().dispatches()).put("railStatusQueriesPerInstruction", w.exchanges().statusQueries())
          .put("railCallbacksPerInstruction", w.exchanges().callbacks())
          .put("heapMiB", w.heapMiB()).put("retries", w.retries()).put("dlq", w.dlq()).put("saturated", w.saturated());
    }
    return a;
  }

  /** Accept latency by percentile (log scale: 90, 99, 99.9 ...), one line per window. */
  private void plot(Path png) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    List<Bench.Window> all = new ArrayList<>(steps);
    all.addAll(scenarios);
    for (Bench.Window w : all) {
      Histogram h = w.load().acceptLatencyNanos();
      if (h.getTotalCount() == 0) continue;
      XYSeries s = new XYSeries(w.name() + String.format(" (%.0f/s)", w.load().offeredPerSecond()));
      for (double p : new double[] {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99}) {
        if (p > 0 && h.getTotalCount() < 100.0 / (100 - p)) break;
        s.add(1 / (1 - p / 100), h.getValueAtPercentile(p) / 1e6);
      }
      data.addSeries(s);
    }
    LogAxis x = new LogAxis("percentile as 1/(1-p): 2 = p50, 10 = p90, 100 = p99, 1000 = p99.9");
    x.setBase(10);
    x.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.#"));
    LogAxis y = new LogAxis("accept latency, ms (from intended send time)");
    y.setBase(10);
    y.setSmallestValue(0.1);
    y.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.#"));
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) r.setSeriesStroke(i, new BasicStroke(2f));
    XYPlot plot = new XYPlot(data, x, y, r);
    JFreeChart chart = new JFreeChart("Symphony accept latency ('" + options.label() + "' run, " + startedAt + ")", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 700);
  }

  /** A banner only where it is true: the smoke run checks the harness; a single-phase run measures that phase only. */
  String banner() {
    if (options.label().equals("smoke"))
      return "> **SMOKE RUN — not a measurement.** Short steps and low rates only check that the\n"
          + "> harness works end to end. Run `deploy/bench/run` (the full run) for figures.\n\n";
    if (options.stepsOnly() || options.recoveryOnly() || options.soakOnly())
      return "> **Partial run** (`--phases=" + (options.stepsOnly() ? "steps" : options.recoveryOnly() ? "recovery" : "soak")
          + "`): only that phase's figures are measurements; the other targets read \"not measured\" or are void.\n\n";
    return "";
  }

  private String markdown(String table, String png) {
    StringBuilder b = new StringBuilder();
    b.append(banner());
    b.append("Generated by `deploy/bench/run` (label `").append(options.label()).append("`) at ").append(startedAt)
        .append(". The figures below are the run's printed table, verbatim; JSON in `deploy/bench/results/")
        .append(options.label()).append(".json`, latency plot `deploy/bench/results/").append(png).append("`.\n\n");
    b.append("## Machine\n\n| | |\n|---|---|\n");
    machine.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v.replace("|", "/")).append(" |\n"));
    String jvm = (Bench.Options.NODE_HEAP + " " + String.join(" ", options.nodeOptions())).trim();
    b.append("\nEverything runs on this one box: ").append(options.nodes() == 1 ? "the node JVM (`" + jvm + "`, "
            : options.nodes() + " node JVMs of one local cluster (`run --profile local --nodes " + options.nodes()
                + "`, each `" + jvm + "`, the load spread round-robin over their edges; node figures are sums over the nodes, heap the largest node's; node 1's ")
        .append("embedded PostgreSQL 18 with fsync and synchronous_commit on), ")
        .append(options.externalSimulators() ? "the three rail simulators in a process of their own (`symphony.jar rail-sim --rail all`)"
            : "the rail simulators inside the node's JVM (`--simulators=in-node`)")
        .append(" at ").append(options.railLatencyMs()).append(" ms latency and ").append(options.railCompletionMs())
        .append(" ms completion delay, the load generator, and other people's builds (shared box: absolute figures are noisy, the ratios are what count).\n\n");
    b.append("## Output of the run\n\n```\n").append(table).append("```\n\n");
    b.append("Columns: accept/s counts 202 and replayed 200 answers; latency is from each request's intended send time (open model,\n")
        .append("corrected for coordinated omission); settled/s counts instructions reaching a terminal state during the window (it lags\n")
        .append("accept/s by the settlement time, so it is what settled from the step's start to the end of the settlement delay of ")
        .append(options.settleDelaySeconds()).append(" s that the generator waits after each step, per second of the step); 503s are admission refusals; rows/s = journal events + attestation rows committed per\n")
        .append("second (node counters); nodeCPU = cores used by the node JVM (its own counter); simCPU = cores used by the rail-simulator process (/proc;\n")
        .append("blank/NaN when they run in the node); pgCPU = cores used by every PostgreSQL process (/proc); genCPU = cores used by the load generator's JVM; boxCPU = cores busy on the whole machine (node,\n")
        .append("PostgreSQL, simulators, generator, anything else); ms/instr = node CPU-seconds over the step and its settlement delay ÷ instructions settled\n")
        .append("meanwhile × 1000; rail d/s/cb = dispatches, status queries and callbacks per settled instruction (node counters); sat = the step is saturated (accepted < 90% of offered, settled < 90% of accepted, ≥ 1% refused/failed, or p99 > ")
        .append((int) options.maxP99Millis()).append(" ms). The max is the highest accepted rate among the steps that are not saturated.\n\n");
    b.append("pgbench inserts, per instruction, the measured journal rows (rounded) and one attestation row into copies of `event_journal`\n")
        .append("and `ingress_attestation` (same columns, keys, indexes, partitioning) in the node's own PostgreSQL, at the journal pool's\n")
        .append("client count; \"single\" is one instruction per transaction, \"batched\" ").append(options.pgBatch()).append(" per transaction.\n\n");
    b.append(targets());
    if (profile != null) {
      b.append("\n## Profile of the node during the rate steps (JFR, jdk.ExecutionSample)\n\n");
      b.append(profile.samples()).append(" CPU samples. By owner of the innermost frame that belongs to a known library:\n\n");
      profile.byOwner().forEach((k, v) -> b.append(String.format("- %s: %d (%.0f%%)%n", k, v, 100.0 * v / Math.max(1, profile.samples()))));
      b.append("\nBy part of the node (innermost Symphony frame in the sampled stack):\n\n");
      profile.byComponent().forEach((k, v) -> b.append(String.format("- %s: %d (%.0f%%)%n", k, v, 100.0 * v / Math.max(1, profile.samples()))));
      b.append("\nTop frames:\n\n```\n");
      profile.topFrames().forEach((k, v) -> b.append(String.format("%6d  %s%n", v, k)));
      b.append("```\n");
    }
    // resultsMd = <repo>/deploy/bench/RESULTS.md
    b.append("\n## Where it falls short, and why\n\n").append(Analysis.text(resultsMd.toAbsolutePath().getParent().getParent().getParent()));
    return b.toString();
  }

  private String targets() {
    StringBuilder b = new StringBuilder("## Targets (issue 15)\n\n| figure | now (this run) | target | met |\n|---|---|---|---|\n");
    b.append(String.format("| max accepted and settled per second, everything on this box | %s | ≥ 1,000 / ≥ 1,000 | %s |%n",
        maxStep == null ? "every step saturated" : String.format("%.1f / %.1f (%s)", maxAccepted, maxSettled, maxStep.name()),
        met(maxStep != null && maxAccepted >= 1000 && maxSettled >= 1000)));
    double ms = maxStep == null ? Double.NaN : maxStep.nodeMillisPerInstruction();
    b.append(String.format("| node CPU per settled instruction (at the max step) | %.2f ms | ≤ 1.0 ms | %s |%n", ms, met(ms <= 1.0)));
    Bench.Window many = scenario("many participants"), hot = scenario("one hot participant");
    double p99 = many == null ? Double.NaN : many.load().percentileMillis(99);
    b.append(String.format("| p99 accept latency at 70%% of max (from intended send time) | %.1f ms | ≤ 100 ms | %s |%n", p99, met(p99 <= 100)));
    double ratio = bestEngineRowsPerSecond() / pgRowsPerSecond("single");
    b.append(String.format("| engine rows/s ÷ pgbench rows/s, single-instruction transactions | %.3f | ≥ 0.5 | %s |%n", ratio, met(ratio >= 0.5)));
    b.append(String.format("| SIGKILL with 10,000 in flight → all terminal | %s; node up %.1f s; %d accepted at %.0f/s, %d open at SIGKILL | ≤ 60 s (node up ≤ 10 s) | %s |%n",
        Double.isNaN(recoverySeconds) ? "not all terminal within the bound" : String.format("%.1f s", recoverySeconds), recoveryRestartSeconds,
        recoveryAcceptedInJournal, recoveryRate, recoveryOpenAtKill,
        recoveryVerdict()));
    if (soak == null)
      b.append("| heap after 1,000,000 instructions | not measured (`--soak-instructions=1000000`) | ≤ 1 GiB, flat after warm-up | not measured |\n");
    else
      b.append(String.format("| heap after 1,000,000 instructions | max %.0f MiB after warm-up, last %.0f vs first %.0f MiB (%s), after %d | ≤ 1 GiB, flat after warm-up | %s |%n",
          soak.maxAfterWarmUpMiB(), soak.lastMiB(), soak.firstAfterWarmUpMiB(), soak.flat() ? "flat" : "not flat",
          soak.samples().isEmpty() ? 0 : soak.samples().get(soak.samples().size() - 1).instructions(),
          options.soakInstructions() < 1_000_000 ? "not measured at 1,000,000" : met(soak.maxAfterWarmUpMiB() <= 1024 && soak.flat())));
    double hotRatio = many == null || hot == null ? Double.NaN : hot.load().acceptedPerSecond() / many.load().acceptedPerSecond();
    double hotP99 = hot == null ? Double.NaN : hot.load().percentileMillis(99);
    b.append(String.format("| hot participant ÷ many participants | %.2f, p99 %.1f ms vs %.1f ms | ≥ 0.8, with its p99 ≤ 2× the many-participant p99 | %s |%n",
        hotRatio, hotP99, p99, met(hotRatio >= 0.8 && hotP99 <= 2 * p99)));
    return b.toString();
  }

  private static String met(boolean yes) {
    return yes ? "yes" : "**no**";
  }

  /**
   * Met only when the phase really had (nearly) 10,000 instructions in flight: a run whose submissions failed (the
   * first P15 full run lost them to expired tokens: 0 accepted, "all terminal" after 9.9 s) measured nothing.
   */
  String recoveryVerdict() {
    if (options.recoveryInstructions() < 10_000) return "not measured at 10,000";
    if (recoveryAcceptedInJournal < 0.9 * options.recoveryInstructions())
      return "not measured (" + recoveryAcceptedInJournal + " of " + options.recoveryInstructions() + " accepted)";
    return met(recoverySeconds <= 60 && recoveryRestartSeconds <= 10);
  }
}
