package org.symphony.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * deploy/bench/run: the physical limit (pgbench), the engine under open-model load stepped up to
 * saturation, the scenarios, and the report (table, JSON, latency plot, RESULTS.md). Options are
 * {@code --name=value}; see {@link Options}.
 */
public final class Bench {

  /** Every knob of a run; defaults are the full run (under ~30 minutes on the 2-core box). */
  record Options(
      String label,
      int stepSeconds,
      double startRate,
      double rateFactor,
      double maxRate,
      double maxP99Millis,
      int scenarioSeconds,
      Double scenarioRate,
      int participants,
      int maxOutstanding,
      int pgbenchSeconds,
      int pgClients,
      int pgBatch,
      int railLatencyMs,
      int railCompletionMs,
      int recoveryInstructions,
      double recoveryRate,
      int settleTimeoutSeconds,
      boolean profile,
      int warmupSeconds,
      boolean keepHome) {

    static Options parse(String[] args) {
      Map<String, String> a = new LinkedHashMap<>();
      for (String arg : args) {
        if (!arg.startsWith("--") || !arg.contains("=")) throw new IllegalArgumentException("options are --name=value: " + arg);
        a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      }
      Options o = new Options(
          a.getOrDefault("label", "full"),
          Integer.parseInt(a.getOrDefault("step-seconds", "30")),
          Double.parseDouble(a.getOrDefault("start-rate", "25")),
          Double.parseDouble(a.getOrDefault("rate-factor", "1.5")),
          Double.parseDouble(a.getOrDefault("max-rate", "2000")),
          Double.parseDouble(a.getOrDefault("max-p99-ms", "2000")),
          Integer.parseInt(a.getOrDefault("scenario-seconds", "60")),
          a.containsKey("scenario-rate") ? Double.parseDouble(a.get("scenario-rate")) : null,
          Integer.parseInt(a.getOrDefault("participants", "32")),
          Integer.parseInt(a.getOrDefault("max-outstanding", "4096")),
          Integer.parseInt(a.getOrDefault("pgbench-seconds", "30")),
          Integer.parseInt(a.getOrDefault("pg-clients", "16")),
          Integer.parseInt(a.getOrDefault("pg-batch", "50")),
          Integer.parseInt(a.getOrDefault("rail-latency-ms", "50")),
          Integer.parseInt(a.getOrDefault("rail-completion-ms", "500")),
          Integer.parseInt(a.getOrDefault("recovery-instructions", "10000")),
          Double.parseDouble(a.getOrDefault("recovery-rate", "0")),
          Integer.parseInt(a.getOrDefault("settle-timeout-seconds", "300")),
          Boolean.parseBoolean(a.getOrDefault("profile", "true")),
          Integer.parseInt(a.getOrDefault("warmup-seconds", "30")),
          Boolean.parseBoolean(a.getOrDefault("keep-home", "false")));
      a.keySet().removeAll(List.of("label", "step-seconds", "start-rate", "rate-factor", "max-rate", "max-p99-ms", "scenario-seconds",
          "scenario-rate", "participants", "max-outstanding", "pgbench-seconds", "pg-clients", "pg-batch", "rail-latency-ms",
          "rail-completion-ms", "recovery-instructions", "recovery-rate", "settle-timeout-seconds", "profile", "warmup-seconds", "keep-home"));
      if (!a.isEmpty()) throw new IllegalArgumentException("unknown options: " + a.keySet());
      return o;
    }
  }

  /** One measured window of engine load. */
  record Window(
      String name,
      OpenLoad.StepResult load,
      double settledPerSecond,
      double rowsPerSecond,
      double nodeCpuCores,
      double machineCpuCores,
      double heapMiB,
      double retries,
      double dlq,
      boolean saturated) {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Path repo = Path.of("").toAbsolutePath();
    Path jar = repo.resolve("deploy/target/symphony.jar");
    Path results = repo.resolve("deploy/bench/results");
    Files.createDirectories(results);
    Path work = Files.createTempDirectory("symphony-bench-");
    Path home = work.resolve("home"); // never the developer's ~/.symphony
    Report report = new Report(o, results, repo.resolve("deploy/bench/RESULTS.md"));
    log("bench '" + o.label() + "': work directory " + work);

    // poll-max 30s (default 5s): with 10,000 transfers pending at once the default would mean 2,000 status
    // queries/s; a real rail would throttle that too (see ANALYSIS.md: polling needs a per-rail budget).
    List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4",
        "-Dsymphony.engine.instruction.poll-max=30s",
        "-Dsymphony.rails.simulator.mtn.completion-delay=" + o.railCompletionMs() + "ms",
        "-Dsymphony.rails.simulator.airtel.completion-delay=" + o.railCompletionMs() + "ms"));
    for (int i = 0; i < o.participants(); i++) jvm.add("-Dsymphony.node.dev-participants." + i + "=bench-p" + String.format("%03d", i));

    Node node = Node.start(jar, home, work.resolve("node.log"), Node.Ports.free(), jvm, Duration.ofMinutes(3));
    try {
      PgBench pg = PgBench.superuser(node.dev, home);
      report.machine = Machine.describe(pg.serverVersion());
      log("machine " + report.machine);
      Edge edge = new Edge(node.edgeUrl());
      List<String> tokens = new ArrayList<>();
      for (var p : node.dev.get("participants")) tokens.add(edge.token(p.get("client_id").asText(), p.get("client_secret").asText()));
      log(tokens.size() + " participants with tokens");
      railFaults(node, edge, "{\"latencyMs\":" + o.railLatencyMs() + ",\"completionDelayMs\":" + o.railCompletionMs() + ",\"failureRate5xx\":0}");
      AtomicLong seq = new AtomicLong();

      // Warm-up, and the rows one instruction writes (measured, for pgbench's script).
      Scrape before = Scrape.of(node.metricsUrl);
      window("warm-up", node, edge, tokens, seq, Math.max(5, o.startRate()), o.warmupSeconds(), 0, o, report);
      waitSettled(node, Duration.ofSeconds(o.settleTimeoutSeconds()));
      Scrape after = Scrape.of(node.metricsUrl);
      double accepted = after.sum("symphony_instruction_state_entered_total", "state=\"PENDING\"")
          - before.sum("symphony_instruction_state_entered_total", "state=\"PENDING\"");
      report.journalRowsPerInstruction = (after.sum("symphony_journal_events_total") - before.sum("symphony_journal_events_total")) / accepted;
      report.attestationRowsPerInstruction = (after.sum("symphony_attestations_total") - before.sum("symphony_attestations_total")) / accepted;
      report.payloadBytes = pg.averagePayloadBytes();
      log(String.format("one instruction writes %.2f journal rows and %.2f attestation rows (avg payload %d B)",
          report.journalRowsPerInstruction, report.attestationRowsPerInstruction, report.payloadBytes));

      // (a) the physical limit, with the node idle.
      int journalRows = (int) Math.round(report.journalRowsPerInstruction);
      pg.createTables();
      try {
        report.pgbench.add(pg.run(work, "single", o.pgClients(), 1, journalRows, report.payloadBytes, o.pgbenchSeconds()));
        report.pgbench.add(pg.run(work, "batched", o.pgClients(), o.pgBatch(), journalRows, report.payloadBytes, o.pgbenchSeconds()));
      } finally {
        pg.dropTables();
      }
      report.pgbench.forEach(r -> log("pgbench " + r));

      // (b) rate steps up to saturation, profiled.
      RateSteps steps = new RateSteps(o.startRate(), o.rateFactor(), o.maxRate(), o.maxP99Millis());
      Path jfr = work.resolve("node.jfr");
      if (o.profile()) Profile.start(node.pid());
      for (double rate : steps.rates()) {
        Window w = window("step " + (int) rate + "/s", node, edge, tokens, seq, rate, o.stepSeconds(), 0, o, report);
        report.steps.add(w);
        if (w.saturated()) break;
      }
      if (o.profile()) {
        Profile.stop(node.pid(), jfr);
        report.profile = Profile.summarise(jfr, work.resolve("execution-samples.txt"));
        log("JFR recording " + jfr + " (kept in the work directory; the summary goes to RESULTS.md)");
      }
      report.maxAccepted = RateSteps.maxAccepted(report.steps.stream().map(Window::load).toList());
      waitSettled(node, Duration.ofSeconds(o.settleTimeoutSeconds()));

      // (c) scenarios at 70% of the best accepted rate.
      double rate = o.scenarioRate() != null ? o.scenarioRate() : Math.max(1, Math.rint(0.7 * report.maxAccepted));
      report.scenarioRate = rate;
      report.scenarios.add(window("many participants", node, edge, tokens, seq, rate, o.scenarioSeconds(), 0, o, report));
      waitSettled(node, Duration.ofSeconds(o.settleTimeoutSeconds()));
      report.scenarios.add(window("one hot participant", node, edge, tokens.subList(0, 1), seq, rate, o.scenarioSeconds(), 0, o, report));
      waitSettled(node, Duration.ofSeconds(o.settleTimeoutSeconds()));
      report.scenarios.add(window("10% duplicates", node, edge, tokens, seq, rate, o.scenarioSeconds(), 10, o, report));
      waitSettled(node, Duration.ofSeconds(o.settleTimeoutSeconds()));
      railFaults(node, edge, "{\"failureRate5xx\":0.2}");
      try {
        report.scenarios.add(window("20% rail faults", node, edge, tokens, seq, rate, o.scenarioSeconds(), 0, o, report));
      } finally {
        railFaults(node, edge, "{\"failureRate5xx\":0}");
      }
      long t0 = System.nanoTime();
      report.faultsSettledSeconds = waitSettled(node, Duration.ofSeconds(o.settleTimeoutSeconds())) ? (System.nanoTime() - t0) / 1e9 : Double.NaN;

      // Recovery after SIGKILL with N instructions submitted and not all settled.
      node = recovery(node, jar, home, work, jvm, edge, tokens, seq, o, report);
    } catch (Exception | Error e) {
      report.failure = e.toString();
      throw e;
    } finally {
      try {
        node.close();
      } finally {
        report.write();
        if (!o.keepHome()) deleteTree(home); // the node's database and ledgers; logs and the JFR recording stay in the work directory
      }
    }
  }

  /** Load at a constant rate for a while, with the node's counters read before and after. */
  static Window window(String name, Node node, Edge edge, List<String> tokens, AtomicLong seq, double rate, int seconds,
      int duplicatePercent, Options o, Report report) throws Exception {
    log(String.format("%s: %.0f/s for %d s", name, rate, seconds));
    Scrape before = Scrape.of(node.metricsUrl);
    long[] cpuBefore = Machine.cpuTicks();
    long first = seq.getAndAdd((long) Math.ceil(rate * seconds) + 1);
    String run = report.runId;
    OpenLoad.Sender sender = s -> {
      long keySeq = duplicatePercent > 0 && s % 100 < duplicatePercent && s - 7 >= first ? s - 7 : s;
      String token = tokens.get((int) (keySeq % tokens.size()));
      return edge.submit(token, "b-" + run + "-" + keySeq, Edge.body(keySeq));
    };
    OpenLoad.StepResult load = OpenLoad.run(rate, Duration.ofSeconds(seconds), o.maxOutstanding(), Duration.ofSeconds(60), first, sender);
    Scrape after = Scrape.of(node.metricsUrl);
    long[] cpuAfter = Machine.cpuTicks();
    double secs = (after.atNanos() - before.atNanos()) / 1e9;
    RateSteps steps = new RateSteps(o.startRate(), o.rateFactor(), o.maxRate(), o.maxP99Millis());
    Window w = new Window(name, load,
        (after.settled() - before.settled()) / secs,
        (after.durableRows() - before.durableRows()) / secs,
        (after.sum("symphony_process_cpu_time_seconds") - before.sum("symphony_process_cpu_time_seconds")) / secs,
        Machine.busyCores(cpuBefore, cpuAfter),
        after.sum("symphony_jvm_heap_used_bytes") / (1024.0 * 1024),
        after.sum("symphony_instruction_retries_total") - before.sum("symphony_instruction_retries_total"),
        after.sum("symphony_dlq_entered_total") - before.sum("symphony_dlq_entered_total"),
        steps.saturated(load));
    log(Report.row(w));
    return w;
  }

  /** Waits until every accepted instruction of this node process is terminal (by its counters). */
  static boolean waitSettled(Node node, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Scrape s = Scrape.of(node.metricsUrl);
      double open = s.sum("symphony_instruction_state_entered_total", "state=\"PENDING\"")
          - s.sum("symphony_instruction_state_entered_total", "state=\"SUCCEEDED\"")
          - s.sum("symphony_instruction_state_entered_total", "state=\"FAILED\"")
          - s.sum("symphony_instruction_state_entered_total", "state=\"UNKNOWN_OUTCOME\"");
      if (open <= 0) return true;
      Thread.sleep(1000); // polling the node's counters
    }
    log("not all instructions settled within " + timeout);
    return false;
  }

  static void railFaults(Node node, Edge edge, String json) throws Exception {
    for (String field : List.of("mtn_simulator_url", "airtel_simulator_url"))
      if (node.dev.has(field)) edge.simulatorFaults(node.dev.get(field).asText(), json);
  }

  private static final String OPEN_INSTRUCTIONS = """
      select count(*) from (
        select persistence_id from event_journal
        where ordering > ? and persistence_id like 'Instruction|%'
        group by persistence_id
        having bool_or(event_ser_manifest like '%Accepted')
           and not bool_or(event_ser_manifest ~ '(Succeeded|Failed|OutcomeDeclaredUnknown)$')) open
      """;

  static Node recovery(Node node, Path jar, Path home, Path work, List<String> jvm, Edge edge, List<String> tokens, AtomicLong seq,
      Options o, Report report) throws Exception {
    int n = o.recoveryInstructions();
    PgBench pg = new PgBench(node.dev.get("db_url").asText(), node.dev.get("db_user").asText(), node.dev.get("db_password").asText());
    long mark;
    try (Connection c = pg.connect(); var s = c.createStatement(); var r = s.executeQuery("select coalesce(max(ordering), 0) from event_journal")) {
      r.next();
      mark = r.getLong(1);
    }
    // Half the best accepted rate by default: the instructions already in flight poll the rail meanwhile.
    double rate = o.recoveryRate() > 0 ? o.recoveryRate() : Math.max(1, report.maxAccepted / 2);
    // The rails hold every transfer pending past the SIGKILL, so all N are in flight when the node dies;
    // the restarted simulators complete them at the realistic delay again.
    long holdMs = (long) (n / rate * 1000) + 30_000;
    railFaults(node, edge, "{\"latencyMs\":" + o.railLatencyMs() + ",\"completionDelayMs\":" + holdMs + "}");
    log(String.format("recovery: %d instructions at %.0f/s with the rails holding transfers pending for %d s, then SIGKILL", n, rate, holdMs / 1000));
    long first = seq.getAndAdd(n);
    String run = report.runId;
    OpenLoad.Sender sender = s -> edge.submit(tokens.get((int) (s % tokens.size())), "b-" + run + "-" + s, Edge.body(s));
    OpenLoad.StepResult load = OpenLoad.run(rate, Duration.ofMillis((long) (n / rate * 1000)), o.maxOutstanding(), Duration.ofMillis(1), first, sender);
    node.kill();
    long killedAt = System.nanoTime();
    try { // the embedded PostgreSQL outlives its JVM until the restarted node takes it over
      report.recoveryOpenAtKill = openInstructions(pg, mark);
    } catch (Exception e) {
      log("open instructions at SIGKILL not counted: " + e.getMessage());
    }
    report.recoverySubmitted = load.accepted() + load.replayed();
    log("SIGKILL after " + report.recoverySubmitted + " accepted answers (" + load.due() + " sent)");
    Node restarted = Node.start(jar, home, work.resolve("node-restarted.log"), Node.Ports.free(), jvm, Duration.ofMinutes(3));
    report.recoveryRestartSeconds = (System.nanoTime() - killedAt) / 1e9;
    PgBench pg2 = new PgBench(restarted.dev.get("db_url").asText(), restarted.dev.get("db_user").asText(), restarted.dev.get("db_password").asText());
    railFaults(restarted, edge, "{\"latencyMs\":" + o.railLatencyMs() + ",\"completionDelayMs\":" + o.railCompletionMs() + "}");
    long deadline = killedAt + Duration.ofSeconds(Math.max(120, o.settleTimeoutSeconds())).toNanos();
    long open = -1;
    boolean firstLook = true;
    while (System.nanoTime() < deadline) {
      open = openInstructions(pg2, mark);
      if (firstLook) {
        report.recoveryOpenAtRestart = open;
        firstLook = false;
      }
      if (open == 0) break;
      Thread.sleep(500); // polling the journal
    }
    report.recoveryOpenAtEnd = open;
    report.recoverySeconds = open == 0 ? (System.nanoTime() - killedAt) / 1e9 : Double.NaN;
    try (Connection c = pg2.connect(); var s = c.prepareStatement(
        "select count(distinct persistence_id) from event_journal where ordering > ? and persistence_id like 'Instruction|%' and event_ser_manifest like '%Accepted'")) {
      s.setLong(1, mark);
      try (var r = s.executeQuery()) {
        r.next();
        report.recoveryAcceptedInJournal = r.getLong(1);
      }
    }
    log(String.format("recovery: %d accepted in the journal, %d open when the restarted node was up, %s s from SIGKILL to all terminal",
        report.recoveryAcceptedInJournal, report.recoveryOpenAtRestart, open == 0 ? String.format("%.1f", report.recoverySeconds) : "not within the bound"));
    return restarted;
  }

  static long openInstructions(PgBench pg, long afterOrdering) throws Exception {
    try (Connection c = pg.connect(); var s = c.prepareStatement(OPEN_INSTRUCTIONS)) {
      s.setLong(1, afterOrdering);
      try (var r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  static void deleteTree(Path root) throws java.io.IOException {
    if (!Files.exists(root)) return;
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  static void log(String line) {
    System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + line);
    System.out.flush();
  }
}
