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
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
      boolean keepHome,
      int settleDelaySeconds,
      String simulators,
      long soakInstructions,
      Double soakRate,
      long soakSample,
      int soakWarmupSamples,
      List<String> nodeOptions,
      boolean stepsOnly,
      boolean recoveryOnly,
      boolean soakOnly,
      double warmupRate,
      int nodes,
      int scenarioLeadInSeconds) {

    static final String EXTERNAL = "external", IN_NODE = "in-node";
    /** The node's heap, the same for every run (the heap target is per JVM). */
    static final String NODE_HEAP = "-Xmx1g";
    static final String JIT_C1_ONLY = "-XX:TieredStopAtLevel=1";
    /**
     * The node's JVM on this 2-core box: C1 only (C2 compiled for minutes at 0.6-0.9 cores) and the parallel
     * collector (5% less CPU per instruction than G1 and a lower p50 at 150/s, RESULTS.md (16)).
     */
    static final String SMALL_BOX_NODE_JVM = JIT_C1_ONLY + ",-XX:+UseParallelGC";

    boolean externalSimulators() {
      return EXTERNAL.equals(simulators);
    }

    private static String parsePhases(String phases) {
      if (!List.of("all", "steps", "recovery", "soak").contains(phases))
        throw new IllegalArgumentException("--phases is all, steps, recovery or soak: " + phases);
      return phases;
    }

    static Options parse(String[] args) {
      Map<String, String> a = new LinkedHashMap<>();
      for (String arg : args) {
        if (!arg.startsWith("--") || !arg.contains("=")) throw new IllegalArgumentException("options are --name=value: " + arg);
        a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      }
      Options o = new Options(
          a.getOrDefault("label", "full"),
          Integer.parseInt(a.getOrDefault("step-seconds", "30")),
          Double.parseDouble(a.getOrDefault("start-rate", "50")),
          Double.parseDouble(a.getOrDefault("rate-factor", "1.25")),
          Double.parseDouble(a.getOrDefault("max-rate", "2000")),
          Double.parseDouble(a.getOrDefault("max-p99-ms", "10000")),
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
          Integer.parseInt(a.getOrDefault("warmup-seconds", "120")),
          Boolean.parseBoolean(a.getOrDefault("keep-home", "false")),
          Integer.parseInt(a.getOrDefault("settle-delay-seconds", "5")),
          a.getOrDefault("simulators", EXTERNAL),
          Long.parseLong(a.getOrDefault("soak-instructions", "0")),
          a.containsKey("soak-rate") ? Double.parseDouble(a.get("soak-rate")) : null,
          Long.parseLong(a.getOrDefault("soak-sample", "100000")),
          Integer.parseInt(a.getOrDefault("soak-warmup-samples", "2")),
          // Extra JVM options for the node, comma-separated: one lever at a time, e.g.
          // --node-options=-Dsymphony.rails.status-queries.first-query-after=0s
          // Default: C1 only. On the 2-core box C2 compiled for minutes (0.6–0.9 cores at 4 minutes, 39,000
          // compilations) and saturated the box at 50/s; C1 only measured 6.6 against 8.0 ms per instruction at 150/s.
          List.of(a.getOrDefault("node-options", SMALL_BOX_NODE_JVM).split(",")).stream().filter(x -> !x.isBlank()).toList(),
          // steps: warm-up and the rate steps only (no pgbench, scenarios, soak or recovery): a quick lever comparison.
          parsePhases(a.getOrDefault("phases", "all")).equals("steps"),
          // recovery: warm-up and the SIGKILL recovery only, at --recovery-rate (a re-measurement of that phase).
          parsePhases(a.getOrDefault("phases", "all")).equals("recovery"),
          // soak: warm-up and the heap soak only, at --soak-rate (1,000,000 at the max rate takes ~1.5 h on its own).
          parsePhases(a.getOrDefault("phases", "all")).equals("soak"),
          // A cold JVM (no JIT yet) warmed at a high rate times out its first rail calls: warm up gently.
          Double.parseDouble(a.getOrDefault("warmup-rate", "40")),
          // N > 1: a local cluster (run --profile local --nodes N), the load spread over the N edges.
          Integer.parseInt(a.getOrDefault("nodes", "1")),
          // Unmeasured load at the scenario rate before the first scenario: the last rate step overloaded the node on
          // purpose, and the scenarios measure the steady state at 70% of the max, not the way out of that overload.
          Integer.parseInt(a.getOrDefault("scenario-lead-in-seconds", "60")));
      if (!List.of(EXTERNAL, IN_NODE).contains(o.simulators())) throw new IllegalArgumentException("--simulators is external or in-node: " + o.simulators());
      if (o.nodes() < 1) throw new IllegalArgumentException("--nodes must be >= 1: " + o.nodes());
      if (o.recoveryOnly() && !(o.recoveryRate() > 0)) throw new IllegalArgumentException("--phases=recovery needs --recovery-rate");
      if (o.soakOnly() && (o.soakRate() == null || o.soakInstructions() <= 0))
        throw new IllegalArgumentException("--phases=soak needs --soak-rate and --soak-instructions");
      if (o.nodes() > 1 && !o.stepsOnly())
        throw new IllegalArgumentException("--nodes=" + o.nodes() + " needs --phases=steps (recovery with SIGKILL of a cluster is out of scope)");
      if (o.scenarioLeadInSeconds() < 0) throw new IllegalArgumentException("--scenario-lead-in-seconds must be >= 0: " + o.scenarioLeadInSeconds());
      if (o.settleDelaySeconds() < 0 || o.soakInstructions() < 0 || o.soakSample() <= 0) throw new IllegalArgumentException("settle delay, soak counts: out of range");
      a.keySet().removeAll(List.of("label", "step-seconds", "start-rate", "rate-factor", "max-rate", "max-p99-ms", "scenario-seconds",
          "scenario-rate", "participants", "max-outstanding", "pgbench-seconds", "pg-clients", "pg-batch", "rail-latency-ms",
          "rail-completion-ms", "recovery-instructions", "recovery-rate", "settle-timeout-seconds", "profile", "warmup-seconds", "keep-home",
          "settle-delay-seconds", "simulators", "soak-instructions", "soak-rate", "soak-sample", "soak-warmup-samples", "node-options",
          "phases", "warmup-rate", "nodes", "scenario-lead-in-seconds"));
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
      double simCpuCores,
      double postgresCpuCores,
      double generatorCpuCores,
      double machineCpuCores,
      double nodeMillisPerInstruction,
      RailExchanges exchanges,
      double heapMiB,
      double retries,
      double dlq,
      boolean saturated) {

    RateSteps.Step step() {
      return new RateSteps.Step(load, settledPerSecond);
    }
  }

  /** The rail simulators of the run: their own process (external), or inside the node (in-node: sims is null). */
  record Rails(RailSims sims) {

    /** The simulators whose faults the bench sets (the bench pays MTN and Airtel creditors only). */
    List<String> faultUrls(Node node) {
      if (sims != null) return List.of(sims.url(RailSims.MTN), sims.url(RailSims.AIRTEL));
      List<String> urls = new ArrayList<>();
      for (String field : List.of("mtn_simulator_url", "airtel_simulator_url")) if (node.dev.has(field)) urls.add(node.dev.get(field).asText());
      return urls;
    }

    double cpuSeconds() {
      return sims == null ? Double.NaN : ProcessCpu.seconds(sims.pid());
    }
  }

  /** Shifted windows' first scrape, taken settle-delay seconds into the step, while it runs. */
  /** Access tokens live 15 minutes (the node's default); renewed well before. */
  static final Duration TOKEN_MAX_AGE = Duration.ofMinutes(5);

  private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bench-later");
    t.setDaemon(true);
    return t;
  });
  /** After a forced GC: two ticks of the node's metrics (kamon tick 1 s, set in Node) so the heap gauge shows it. */
  private static final Duration HEAP_GAUGE_PAUSE = Duration.ofMillis(2500);
  /** Recovery: the rails complete the held transfers this long after the planned SIGKILL (while the node is down). */
  private static final Duration HOLD_PAST_KILL = Duration.ofSeconds(2);
  /** Recovery: how often the held transfers' completion delay is moved so that they all complete together. */
  private static final Duration HOLD_UPDATE = Duration.ofMillis(250);

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path repo = Path.of("").toAbsolutePath();
    Path jar = repo.resolve("deploy/target/symphony.jar");
    Path results = repo.resolve("deploy/bench/results");
    Files.createDirectories(results);
    Path work = Files.createTempDirectory("symphony-bench-");
    Path home = work.resolve("home"); // never the developer's ~/.symphony
    Report report = new Report(o, results, repo.resolve("deploy/bench/RESULTS.md"));
    log("bench '" + o.label() + "': work directory " + work + ", rail simulators " + o.simulators() + ", " + o.nodes() + " node(s)");

    // The simulators' start settings; the bench sets the same at runtime (faults) once they are up.
    List<String> simSettings = List.of(
        "-Dsymphony.rails.simulator.mtn.completion-delay=" + o.railCompletionMs() + "ms",
        "-Dsymphony.rails.simulator.airtel.completion-delay=" + o.railCompletionMs() + "ms");
    RailSims sims = null;
    if (o.externalSimulators()) {
      // Like real rails, the simulators keep every transfer (their strike ledgers), about 1.5 KB each in memory: the
      // 1,000,000 soak holds ~330,000 per rail, more than -Xmx512m did (they ran out of memory at ~780,000 submitted,
      // RESULTS.md (10)). Their heap is not a target; the node's is. A simulator out of memory exits, loudly.
      List<String> simJvm = new ArrayList<>(List.of("-Xmx4g", "-XX:+ExitOnOutOfMemoryError", Options.JIT_C1_ONLY)); // the same small-box JIT as the node
      simJvm.addAll(simSettings);
      sims = RailSims.start(jar, work.resolve("rail-sim"), work.resolve("rail-sim.log"), simJvm, Duration.ofMinutes(2));
      log("rail simulators (pid " + sims.pid() + "): " + sims.nodeOptions());
    }
    Rails rails = new Rails(sims);

    // The node's own settings (poll cadence, per-rail status budget); only the heap is bounded here.
    List<String> jvm = new ArrayList<>(List.of(Options.NODE_HEAP, "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4"));
    jvm.addAll(o.nodeOptions());
    jvm.addAll(sims != null ? sims.nodeOptions() : simSettings);
    for (int i = 0; i < o.participants(); i++) jvm.add("-Dsymphony.node.dev-participants." + i + "=bench-p" + String.format("%03d", i));

    Node node = null;
    try {
      node = startNode(jar, home, work.resolve("node.log"), Node.Ports.free(o.nodes()), o.nodes(), jvm, rails);
      // Steps only (a lever or an older node, which kept no superuser credentials): pgbench is not needed.
      PgBench pg = o.stepsOnly() ? null : PgBench.superuser(node.dev, home);
      report.machine = Machine.describe(pg == null ? "not asked (steps only)" : pg.serverVersion());
      log("machine " + report.machine);
      Edges edges = new Edges(node.edgeUrls().stream().map(Edge::new).toList());
      Edge edge = edges.first();
      List<Tokens.Client> clients = new ArrayList<>();
      for (var p : node.dev.get("participants")) clients.add(new Tokens.Client(p.get("client_id").asText(), p.get("client_secret").asText()));
      List<String> tokens = new Tokens(edge, clients, TOKEN_MAX_AGE);
      // One token key for the cluster (LocalClusterRun): node 1's tokens must be good on every edge; checked, not assumed.
      for (Edge e : edges.all()) e.requireAuthorised(tokens.get(0));
      log(tokens.size() + " participants with tokens from node 1's edge, accepted by " + edges.size() + " edge(s): " + node.edgeUrls());
      railFaults(rails, node, edge, "{\"latencyMs\":" + o.railLatencyMs() + ",\"completionDelayMs\":" + o.railCompletionMs() + ",\"failureRate5xx\":0}");
      AtomicLong seq = new AtomicLong();

      // Warm-up, and the rows one instruction writes (measured, for pgbench's script).
      Scrape before = node.scrape();
      window("warm-up", node, rails, edges, tokens, seq, o.warmupRate(), o.warmupSeconds(), 0, o, report);
      waitSettled(node, Duration.ofSeconds(o.settleTimeoutSeconds()));
      Scrape after = node.scrape();
      double accepted = after.sum("symphony_instruction_state_entered_total", "state=\"PENDING\"")
          - before.sum("symphony_instruction_state_entered_total", "state=\"PENDING\"");
      report.journalRowsPerInstruction = (after.sum("symphony_journal_events_total") - before.sum("symphony_journal_events_total")) / accepted;
      report.attestationRowsPerInstruction = (after.sum("symphony_attestations_total") - before.sum("symphony_attestations_total")) / accepted;
      report.payloadBytes = pg == null ? 0 : pg.averagePayloadBytes();
      log(String.format("one instruction writes %.2f journal rows and %.2f attestation rows (avg payload %d B)",
          report.journalRowsPerInstruction, report.attestationRowsPerInstruction, report.payloadBytes));
      if (o.recoveryOnly()) { // warm-up, then straight to the SIGKILL recovery at --recovery-rate
        node = recovery(node, jar, home, work, jvm, rails, edges, tokens, seq, o.recoveryRate(), o, report);
        return;
      }
      if (o.soakOnly()) { // warm-up, then straight to the heap soak at --soak-rate
        soak(node, edges, tokens, seq, o.soakRate(), o, report);
        return;
      }

      // (b) rate steps up to saturation (accepted or settled falling behind), profiled.
      RateSteps steps = new RateSteps(o.startRate(), o.rateFactor(), o.maxRate(), o.maxP99Millis());
      Path jfr = work.resolve("node.jfr");
      if (o.profile()) Profile.start(node.pid()); // node 1's JVM (the launcher) only, with nodes > 1
      if (o.profile() && o.nodes() > 1) log("JFR profiles node 1 only; nodes 2.." + o.nodes() + " are not profiled");
      for (double rate : steps.rates()) {
        Window w = window("step " + (int) rate + "/s", node, rails, edges, tokens, seq, rate, o.stepSeconds(), 0, o, report);
        report.steps.add(w);
        if (w.saturated()) break;
      }
      if (o.profile()) {
        Profile.stop(node.pid(), jfr);
        report.profile = Profile.summarise(jfr, work.resolve("execution-samples.txt"));
        log("JFR recording " + jfr + " (kept in the work directory; the summary goes to RESULTS.md)");
      }
      var best = steps.best(report.steps.stream().map(Window::step).toList());
      report.maxStep = best.flatMap(b -> report.steps.stream().filter(w -> w.load() == b.load()).findFirst()).orElse(null);
      report.maxAccepted = best.map(b -> b.load().acceptedPerSecond()).orElse(0.0);
      report.maxSettled = best.map(RateSteps.Step::settledPerSecond).orElse(0.0);
      if (best.isEmpty()) log("every step saturated: the rates below are taken from the start rate " + o.startRate() + "/s");
      double maxRate = best.isPresent() ? report.maxAccepted : o.startRate();
      waitSettled(node, Duration.ofSeconds(o.settleTimeoutSeconds()));
      if (o.stepsOnly()) return;

      // (c) scenarios at 70% of the best sustained (accepted and settled) rate.
      double rate = o.scenarioRate() != null ? o.scenarioRate() : Math.max(1, Math.rint(0.7 * maxRate));
      report.scenarioRate = rate;
      if (o.scenarioLeadInSeconds() > 0) {
        log("lead-in: " + (int) rate + "/s for " + o.scenarioLeadInSeconds() + " s at the scenario rate, not measured");
        window("lead-in (not measured)", node, rails, edges, tokens, seq, rate, o.scenarioLeadInSeconds(), 0, o, report);
      }
      report.scenarios.add(window("many participants", node, rails, edges, tokens, seq, rate, o.scenarioSeconds(), 0, o, report));
      waitSettled(node, Duration.ofSeconds(o.settleTimeoutSeconds()));
      report.scenarios.add(window("one hot participant", node, rails, edges, tokens.subList(0, 1), seq, rate, o.scenarioSeconds(), 0, o, report));
      waitSettled(node, Duration.ofSeconds(o.settleTimeoutSeconds()));
      report.scenarios.add(window("10% duplicates", node, rails, edges, tokens, seq, rate, o.scenarioSeconds(), 10, o, report));
      waitSettled(node, Duration.ofSeconds(o.settleTimeoutSeconds()));
      railFaults(rails, node, edge, "{\"failureRate5xx\":0.2}");
      try {
        report.scenarios.add(window("20% rail faults", node, rails, edges, tokens, seq, rate, o.scenarioSeconds(), 0, o, report));
      } finally {
        railFaults(rails, node, edge, "{\"failureRate5xx\":0}");
      }
      long t0 = System.nanoTime();
      report.faultsSettledSeconds = waitSettled(node, Duration.ofSeconds(o.settleTimeoutSeconds())) ? (System.nanoTime() - t0) / 1e9 : Double.NaN;

      // (a) the physical limit, with the node idle: after the steps and scenarios, because the node right after a
      // pgbench run was measured using 1.5 cores at 50/s (a first step judged saturated), against 1.2 at 150/s without it.
      int journalRows = (int) Math.round(report.journalRowsPerInstruction);
      if (!o.stepsOnly()) {
        pg.createTables();
        try {
          report.pgbench.add(pg.run(work, "single", o.pgClients(), 1, journalRows, report.payloadBytes, o.pgbenchSeconds()));
          report.pgbench.add(pg.run(work, "batched", o.pgClients(), o.pgBatch(), journalRows, report.payloadBytes, o.pgbenchSeconds()));
        } finally {
          pg.dropTables();
        }
        report.pgbench.forEach(r -> log("pgbench " + r));
      }

      // (d) heap soak at the max rate, if asked for.
      if (o.soakInstructions() > 0) soak(node, edges, tokens, seq, o.soakRate() != null ? o.soakRate() : Math.max(1, maxRate), o, report);

      // (e) recovery after SIGKILL with N instructions submitted at the max rate and all in flight.
      node = recovery(node, jar, home, work, jvm, rails, edges, tokens, seq, o.recoveryRate() > 0 ? o.recoveryRate() : Math.max(1, maxRate), o, report);
    } catch (Exception | Error e) {
      report.failure = e.toString();
      throw e;
    } finally {
      try {
        if (node != null) node.close();
        if (sims != null) sims.close();
      } finally {
        report.write();
        keepChildLogs(home, work, o.nodes());
        if (!o.keepHome()) deleteTree(home); // the node's database and ledgers; logs and the JFR recording stay in the work directory
      }
    }
  }

  /** The node on the given ports; with external simulators, its Airtel and RTGS callback URLs registered with them. */
  /** Nodes 2..N log to {@code <home>/node-i/node.log}; the home goes, their logs stay (as {@code <work>/node-i.log}). */
  static void keepChildLogs(Path home, Path work, int nodes) {
    for (int i = 2; i <= nodes; i++) {
      try {
        Path log = home.resolve("node-" + i).resolve("node.log");
        if (Files.exists(log)) Files.copy(log, work.resolve("node-" + i + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (java.io.IOException e) {
        log("log of node " + i + " not kept: " + e.getMessage());
      }
    }
  }

  /** With nodes > 1 the callbacks go to node 1's edge (any node takes any instruction's callback). */
  static Node startNode(Path jar, Path home, Path log, Node.Ports ports, int nodes, List<String> jvm, Rails rails) throws Exception {
    Node node = Node.start(jar, home, log, ports, nodes, jvm, Duration.ofMinutes(nodes > 1 ? 6 : 3));
    if (rails.sims() != null) rails.sims().registerCallbacks(node.edgeUrl());
    return node;
  }

  /**
   * Load at a constant rate for a while, then the settlement delay. Accepted/s, latency and the CPU columns are over
   * the load itself; settled/s is what settled from the step's start to the end of its delay, per second of load
   * (see RateSteps.settledPerSecond); node ms per instruction over the whole step and its delay (all the CPU the step
   * caused).
   */
  static Window window(String name, Node node, Rails rails, Edges edges, List<String> tokens, AtomicLong seq, double rate, int seconds,
      int duplicatePercent, Options o, Report report) throws Exception {
    log(String.format("%s: %.0f/s for %d s (+%d s settlement delay)", name, rate, seconds, o.settleDelaySeconds()));
    Scrape before = node.scrape();
    long[] cpuBefore = Machine.cpuTicks();
    double simBefore = rails.cpuSeconds(), genBefore = ProcessCpu.ownSeconds(), pgBefore = ProcessCpu.postgresSeconds();
    long first = seq.getAndAdd((long) Math.ceil(rate * seconds) + 1);
    String run = report.runId;
    OpenLoad.Sender sender = s -> {
      long keySeq = duplicatePercent > 0 && s % 100 < duplicatePercent && s - 7 >= first ? s - 7 : s;
      String token = tokens.get((int) (keySeq % tokens.size()));
      return edges.submit(s, token, "b-" + run + "-" + keySeq, Edge.body(keySeq));
    };
    OpenLoad.StepResult load = OpenLoad.run(rate, Duration.ofSeconds(seconds), o.maxOutstanding(), Duration.ofSeconds(60), first, sender);
    Scrape after = node.scrape();
    long[] cpuAfter = Machine.cpuTicks();
    double simAfter = rails.cpuSeconds(), genAfter = ProcessCpu.ownSeconds(), pgAfter = ProcessCpu.postgresSeconds();
    // The settlement delay: the next step waits for this one's instructions to settle, and they are counted.
    long shiftedEndAt = after.atNanos() + TimeUnit.SECONDS.toNanos(o.settleDelaySeconds());
    Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(shiftedEndAt - System.nanoTime())));
    Scrape shiftedEnd = node.scrape();
    double secs = (after.atNanos() - before.atNanos()) / 1e9;
    double settled = RateSteps.settledPerSecond(before.settled(), shiftedEnd.settled(), secs);
    RateSteps steps = new RateSteps(o.startRate(), o.rateFactor(), o.maxRate(), o.maxP99Millis());
    Window w = new Window(name, load,
        settled,
        (after.durableRows() - before.durableRows()) / secs,
        (after.cpuSeconds() - before.cpuSeconds()) / secs,
        (simAfter - simBefore) / secs,
        (pgAfter - pgBefore) / secs,
        (genAfter - genBefore) / secs,
        Machine.busyCores(cpuBefore, cpuAfter),
        perSettled(shiftedEnd.cpuSeconds() - before.cpuSeconds(), shiftedEnd.settled() - before.settled()) * 1000,
        RailExchanges.between(before, shiftedEnd),
        after.heapMiB(),
        after.sum("symphony_instruction_retries_total") - before.sum("symphony_instruction_retries_total"),
        after.sum("symphony_dlq_entered_total") - before.sum("symphony_dlq_entered_total"),
        steps.saturated(new RateSteps.Step(load, settled)));
    log(Report.row(w));
    log(name + ": worst accept latency of the requests due in each second, ms: "
        + java.util.Arrays.toString(load.worstMillisBySecond()));
    return w;
  }

  /** CPU-seconds per settled instruction; NaN when nothing settled (not a figure, rather than infinity). */
  static double perSettled(double cpuSeconds, double settled) {
    return settled > 0 ? cpuSeconds / settled : Double.NaN;
  }

  /**
   * Heap soak: n instructions at the rate, and every sample of them a full GC in the node (jcmd GC.run) and the heap
   * used after it (the node's gauge, read once it has ticked).
   */
  static void soak(Node node, Edges edges, List<String> tokens, AtomicLong seq, double rate, Options o, Report report) throws Exception {
    log(String.format("heap soak: %d instructions at %.0f/s, a full GC every %d", o.soakInstructions(), rate, o.soakSample()));
    String run = report.runId;
    List<Soak.Sample> samples = new ArrayList<>();
    long submitted = 0, accepted = 0;
    while (submitted < o.soakInstructions()) {
      long chunk = Math.min(o.soakSample(), o.soakInstructions() - submitted);
      long first = seq.getAndAdd(chunk + 1);
      OpenLoad.Sender sender = s -> edges.submit(s, tokens.get((int) (s % tokens.size())), "b-" + run + "-" + s, Edge.body(s));
      OpenLoad.StepResult load = OpenLoad.run(rate, Duration.ofNanos((long) (chunk / rate * 1e9)), o.maxOutstanding(), Duration.ofSeconds(60), first, sender);
      submitted += load.due();
      accepted += load.accepted() + load.replayed();
      Profile.run(List.of("jcmd", Long.toString(node.pid()), "GC.run"));
      Thread.sleep(HEAP_GAUGE_PAUSE.toMillis()); // the gauge is sampled on the metrics tick; nothing to wait on
      double heap = node.scrape().heapMiB();
      samples.add(new Soak.Sample(submitted, heap));
      log(String.format("heap soak: %d submitted (%d accepted, %.0f/s), heap after full GC %.0f MiB", submitted, accepted, load.acceptedPerSecond(), heap));
    }
    report.soakRate = rate;
    report.soakAccepted = accepted;
    report.soak = Soak.judge(samples, o.soakWarmupSamples());
    waitSettled(node, Duration.ofSeconds(o.settleTimeoutSeconds()));
  }

  /** Waits until every accepted instruction of this node process is terminal (by its counters). */
  static boolean waitSettled(Node node, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Scrape s = node.scrape();
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

  static void railFaults(Rails rails, Node node, Edge edge, String json) throws Exception {
    for (String url : rails.faultUrls(node)) edge.simulatorFaults(url, json);
  }

  private static final Duration RECOVERY_PROGRESS = Duration.ofSeconds(5);

  private static final String OPEN_INSTRUCTIONS = """
      select count(*) from (
        select persistence_id from event_journal
        where ordering > ? and persistence_id like 'Instruction|%'
        group by persistence_id
        having bool_or(event_ser_manifest like '%Accepted')
           and not bool_or(event_ser_manifest ~ '(Succeeded|Failed|OutcomeDeclaredUnknown)$')) open
      """;

  static Node recovery(Node node, Path jar, Path home, Path work, List<String> jvm, Rails rails, Edges edges, List<String> tokens,
      AtomicLong seq, double rate, Options o, Report report) throws Exception {
    int n = o.recoveryInstructions();
    Edge edge = edges.first();
    PgBench pg = new PgBench(node.dev.get("db_url").asText(), node.dev.get("db_user").asText(), node.dev.get("db_password").asText());
    long mark;
    try (Connection c = pg.connect(); var s = c.createStatement(); var r = s.executeQuery("select coalesce(max(ordering), 0) from event_journal")) {
      r.next();
      mark = r.getLong(1);
    }
    report.recoveryRate = rate;
    // The rails hold every transfer pending until just after the SIGKILL, so all N are in flight when the node
    // dies, and complete them while it is down (as a real rail would). The completion delay of new transfers is
    // moved every HOLD_UPDATE so that they all come due together, HOLD_PAST_KILL after the planned kill.
    long submitMs = (long) (n / rate * 1000);
    long dueAt = System.currentTimeMillis() + submitMs + HOLD_PAST_KILL.toMillis();
    Runnable hold = () -> {
      long delay = Math.max(0, dueAt - System.currentTimeMillis()) + HOLD_UPDATE.toMillis();
      try {
        railFaults(rails, node, edge, "{\"latencyMs\":" + o.railLatencyMs() + ",\"completionDelayMs\":" + delay + "}");
      } catch (Exception e) {
        log("recovery: completion delay not moved: " + e.getMessage());
      }
    };
    hold.run();
    var holding = LATER.scheduleAtFixedRate(hold, HOLD_UPDATE.toMillis(), HOLD_UPDATE.toMillis(), TimeUnit.MILLISECONDS);
    log(String.format("recovery: %d instructions at %.0f/s with the rails holding transfers pending until %d s after the planned SIGKILL",
        n, rate, HOLD_PAST_KILL.toSeconds()));
    long first = seq.getAndAdd(n);
    String run = report.runId;
    OpenLoad.Sender sender = s -> edges.submit(s, tokens.get((int) (s % tokens.size())), "b-" + run + "-" + s, Edge.body(s));
    OpenLoad.StepResult load;
    try {
      load = OpenLoad.run(rate, Duration.ofMillis(submitMs), o.maxOutstanding(), Duration.ofMillis(1), first, sender);
    } finally {
      holding.cancel(false);
    }
    node.kill();
    long killedAt = System.nanoTime();
    try { // the embedded PostgreSQL outlives its JVM until the restarted node takes it over
      report.recoveryOpenAtKill = openInstructions(pg, mark);
    } catch (Exception e) {
      log("open instructions at SIGKILL not counted: " + e.getMessage());
    }
    report.recoverySubmitted = load.accepted() + load.replayed();
    log("SIGKILL after " + report.recoverySubmitted + " accepted answers (" + load.due() + " sent)");
    // The same ports: the rails' callbacks (and MTN's X-Callback-Url of the transfers in flight) carry the edge's address.
    Node restarted = Node.start(jar, home, work.resolve("node-restarted.log"), node.ports, jvm, Duration.ofMinutes(3));
    report.recoveryRestartSeconds = (System.nanoTime() - killedAt) / 1e9;
    if (rails.sims() != null) rails.sims().registerCallbacks(restarted.edgeUrl());
    PgBench pg2 = new PgBench(restarted.dev.get("db_url").asText(), restarted.dev.get("db_user").asText(), restarted.dev.get("db_password").asText());
    railFaults(rails, restarted, edge, "{\"latencyMs\":" + o.railLatencyMs() + ",\"completionDelayMs\":" + o.railCompletionMs() + "}");
    // From the node being up (a slow start is reported as "node up", not cut short here); at least one look.
    long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(120, o.settleTimeoutSeconds())).toNanos();
    long open = -1;
    boolean firstLook = true;
    long lastProgress = 0;
    while (firstLook || System.nanoTime() < deadline) {
      open = openInstructions(pg2, mark);
      if (firstLook) {
        report.recoveryOpenAtRestart = open;
        firstLook = false;
      }
      if (open == 0) break;
      // The shape of the drain (steady = the box's throughput; a tail = waits and backoffs) is what tells the levers apart.
      if (System.nanoTime() - lastProgress >= RECOVERY_PROGRESS.toNanos()) {
        lastProgress = System.nanoTime();
        log(String.format("recovery: %d open %.1f s after the SIGKILL", open, (lastProgress - killedAt) / 1e9));
      }
      Thread.sleep(500); // polling the journal
    }
    try { // what the restarted node exchanged with the rails to finish them (its counters start at zero)
      Scrape after = restarted.scrape();
      log(String.format("recovery: the restarted node sent %.0f status queries and %.0f dispatches (%.0f and %.0f more were not "
              + "sent: its own limits), and received %.0f callbacks",
          RailExchanges.sent(after, RailExchanges.STATUS), RailExchanges.sent(after, RailExchanges.DISPATCH),
          after.sum(RailExchanges.CALLS, RailExchanges.STATUS, RailExchanges.NOT_ASKED),
          after.sum(RailExchanges.CALLS, RailExchanges.DISPATCH, RailExchanges.NOT_ASKED),
          after.sum(RailExchanges.CALLBACKS)));
    } catch (Exception e) {
      log("recovery: the restarted node's rail counters not read: " + e.getMessage());
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
