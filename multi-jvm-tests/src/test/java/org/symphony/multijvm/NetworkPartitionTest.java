package org.symphony.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partitions with packets really dropped: every node JVM in a network namespace of its own ({@link NetworkLab}), the
 * cluster's links cut by moving them to another bridge, while the test drives participants' load through the edges.
 * After each scenario: INV-TERMINAL, INV-SEQ, INV-ONCE and the attestation gap, from the database and the rails'
 * strike ledgers; a report per scenario under {@code target/partition-reports/}.
 */
class NetworkPartitionTest {

  private static final int RATE = 20;
  private static final int PROBE_RATE = 5;
  /** Transfers stay pending this long at the rails: there is always something in flight. */
  private static final Duration RAIL_DELAY = Duration.ofSeconds(2);
  private static final Duration MEMBERSHIP = Duration.ofSeconds(120);
  private static final Duration PROGRESS = Duration.ofSeconds(120);
  private static final Duration ALL_TERMINAL = Duration.ofSeconds(120);
  private static final Duration GAP_GRACE = Duration.ofSeconds(2);
  private static final Duration GAP_SETTLED = Duration.ofSeconds(90);
  private static final int WARM_UP_ACCEPTED = 40;

  @TempDir Path root;

  private LabCluster cluster;
  private Timeline timeline;
  private ScenarioReport report;
  private boolean reportWritten;
  private final List<LoadDriver> drivers = new ArrayList<>();

  @AfterEach
  void tearDown() throws IOException {
    drivers.forEach(LoadDriver::stop);
    List<String> problems = cluster == null ? List.of() : cluster.stopAll();
    if (report != null && !reportWritten) {
      report.section("Not finished", "The scenario stopped before its end (see the test's failure).");
      for (LoadDriver d : drivers) report.requests("Requests of " + d.progress().replaceFirst(":.*", ""), d.attempts());
      System.out.println("report: " + report.write());
    }
    if (!problems.isEmpty()) fail(String.join("\n", problems));
  }

  // ---- 1. one node cut off from two under load ----------------------------------------------------------------

  @Test
  void minorityCutOff_isDownedAndAnswers503_majorityKeepsServing_rejoinsAfterHealing() throws Exception {
    begin("scenario-1-minority-cut-off", "one node cut off from two under load", 3);
    List<LoadDriver.Client> clients = clients();
    LoadDriver majority = driver("s1-majority", clients, RATE, List.of(1, 2));
    LoadDriver minority = driver("s1-minority", clients, PROBE_RATE, List.of(3));
    minority.retryAt(List.of(1, 2)); // a client that lost its answer retries elsewhere
    awaitAccepted(majority, WARM_UP_ACCEPTED);

    long cut = timeline.elapsedMillis();
    cluster.lab().partition(List.of(3));
    timeline.note("PARTITION: node-3's cluster link moved to the cut bridge (cut off: %s)", cluster.lab().cutOff());

    awaitView(1, Set.of(1, 2), "node-1 sees only {1, 2} Up: the resolver downed node-3");
    long downed = timeline.elapsedMillis();
    timeline.note("node-3's own view now: %s; its process %s", viewOrError(3), cluster.node(3).isAlive() ? "is alive" : "exited " + cluster.node(3).exitValue());
    long acceptedAtDowning = majority.accepted();
    awaitAccepted(majority, acceptedAtDowning + 3L * RATE);
    timeline.note("majority keeps completing: %d more 202s since the downing", majority.accepted() - acceptedAtDowning);
    awaitMinorityAnswersSettled(minority, 3, downed);

    minority.stop();
    // Downed, the node closes its attestor, pools and database connections and its JVM ends by itself, with exit
    // code 1: whatever supervises it (systemd, Kubernetes) starts it again.
    Await.until("node-3 exits by itself after being downed", MEMBERSHIP, () -> !cluster.node(3).isAlive(),
        () -> "node-3 still running");
    assertEquals(1, cluster.node(3).exitValue(), "a node downed by the resolver exits non-zero");
    timeline.note("node-3 exited by itself after being downed (exit %d)", cluster.node(3).exitValue());
    long healed = timeline.elapsedMillis();
    cluster.lab().heal();
    timeline.note("HEALED: node-3's cluster link back on the cluster bridge");
    restartIfNeeded(3);
    cluster.awaitMembersUp(Set.of(1, 2, 3), MEMBERSHIP);
    timeline.note("node-3 rejoined: members {1, 2, 3} all Up as seen by each");

    List<LoadDriver.Attempt> duringPartition = minority.attempts(a -> a.sentAt() >= cut && a.sentAt() < healed);
    report.requests("Minority edge (node-3) during the partition", duringPartition);
    report.requests("Minority edge (node-3) before the partition", minority.attempts(a -> a.sentAt() < cut));
    finish(majority);
    report.requests("Majority edges (nodes 1, 2), whole run", majority.attempts());
    writeReport();

    Map<LoadDriver.Outcome, Long> minorityOutcomes = LoadDriver.counts(duringPartition);
    assertTrue(duringPartition.size() > 0, "requests reached the minority's edge during the partition");
    for (LoadDriver.Outcome bad : List.of(LoadDriver.Outcome.SERVER_ERROR, LoadDriver.Outcome.UNAVAILABLE_WITHOUT_RETRY_AFTER,
        LoadDriver.Outcome.OTHER_STATUS, LoadDriver.Outcome.TIMEOUT))
      assertEquals(0, minorityOutcomes.getOrDefault(bad, 0L),
          "minority edge during the partition answered " + bad + ": " + examples(duringPartition, bad));
    assertInvariants();
  }

  // ---- 2. SIGKILL of the node with in-flight instructions and busy sequencers ----------------------------------

  @Test
  void sigkillOfTheBusiestNode_shardsMove_everyInstructionEndsOnce() throws Exception {
    begin("scenario-2-sigkill-busiest", "SIGKILL of the node holding in-flight instructions and busy sequencers", 3);
    LoadDriver load = driver("s2-load", clients(), RATE, List.of(1, 2, 3));
    awaitAccepted(load, WARM_UP_ACCEPTED);

    Map<Integer, Integer> participantShards = shards("Participant", List.of(1, 2, 3));
    Map<Integer, Integer> instructionShards = shards("Instruction", List.of(1, 2, 3));
    int victim = participantShards.entrySet().stream()
        .max(Comparator.comparingInt((Map.Entry<Integer, Integer> e) -> e.getValue()).thenComparingInt(e -> instructionShards.get(e.getKey())))
        .orElseThrow().getKey();
    long open = Invariants.rows(cluster.database()).values().stream().filter(r -> !Invariants.TERMINAL.contains(r.status())).count();
    timeline.note("shards before: Participant %s, Instruction %s; %d instructions open; victim node-%d", participantShards, instructionShards, open, victim);
    assertTrue(participantShards.get(victim) > 0, "the victim hosts participants' sequencers: " + participantShards);

    List<Integer> survivors = Stream.of(1, 2, 3).filter(i -> i != victim).toList();
    load.target(survivors);
    cluster.node(victim).kill();
    timeline.note("SIGKILL node-%d (exit %d); load now on %s", victim, cluster.node(victim).exitValue(), survivors);

    awaitView(survivors.get(0), Set.copyOf(survivors), "the survivors see only " + survivors + " Up: node-" + victim + " downed");
    long acceptedAtDowning = load.accepted();
    awaitAccepted(load, acceptedAtDowning + 3L * RATE);
    // Shards are allocated on demand, by a new coordinator if the victim held it: the survivors' own participants can
    // answer 202s before the victim's have moved. Wait (load running) for the move; the assertion below is unchanged.
    int before = participantShards.values().stream().mapToInt(Integer::intValue).sum();
    Await.until("the victim's sequencer shards on the survivors", PROGRESS,
        () -> shards("Participant", survivors).values().stream().mapToInt(Integer::intValue).sum() >= before,
        () -> "before " + participantShards);
    Map<Integer, Integer> participantShardsAfter = shards("Participant", survivors);
    timeline.note("shards after: Participant %s, Instruction %s; %d more 202s since the downing", participantShardsAfter,
        shards("Instruction", survivors), load.accepted() - acceptedAtDowning);

    finish(load);
    report.requests("Load (all edges; the victim's until the kill)", load.attempts());
    writeReport();

    int after = participantShardsAfter.values().stream().mapToInt(Integer::intValue).sum();
    assertTrue(after >= before, "the victim's sequencer shards moved to the survivors: before " + participantShards + ", after " + participantShardsAfter);
    assertNoServerErrors(load.attempts());
    assertInvariants();
  }

  // ---- 3. a 2 | 2 split of four nodes --------------------------------------------------------------------------

  @Test
  void twoTwoSplit_atMostOneSideKeepsServing() throws Exception {
    begin("scenario-3-split-2-2", "a 2 | 2 split of four nodes", 4);
    LoadDriver load = driver("s3-load", clients(), RATE, List.of(1, 2, 3, 4));
    awaitAccepted(load, WARM_UP_ACCEPTED);

    long cut = timeline.elapsedMillis();
    cluster.lab().partition(List.of(3, 4));
    timeline.note("PARTITION: nodes 3 and 4 on the cut bridge (cut off: %s); side A = {1, 2} has the lowest address", cluster.lab().cutOff());

    awaitView(1, Set.of(1, 2), "side A (node-1) sees only {1, 2} Up: keep-majority's tie-breaker kept the lowest address");
    long decided = timeline.elapsedMillis();
    timeline.note("side B's views: node-3 %s, node-4 %s; processes alive: %s, %s", viewOrError(3), viewOrError(4),
        cluster.node(3).isAlive(), cluster.node(4).isAlive());
    long acceptedAtDecision = load.accepted();
    awaitAccepted(load, acceptedAtDecision + 3L * RATE);
    long quietFrom = timeline.elapsedMillis();
    awaitAccepted(load, load.accepted() + 4L * RATE); // a stretch in which to see who still serves
    long healed = timeline.elapsedMillis();
    List<LoadDriver.Attempt> lateOnB = load.attempts(a -> a.sentAt() >= quietFrom && a.sentAt() < healed && a.node() >= 3);
    List<LoadDriver.Attempt> lateOnA = load.attempts(a -> a.sentAt() >= quietFrom && a.sentAt() < healed && a.node() <= 2);
    timeline.note("from +%.1fs to +%.1fs: side A %s, side B %s", quietFrom / 1000.0, healed / 1000.0, LoadDriver.counts(lateOnA), LoadDriver.counts(lateOnB));

    cluster.lab().heal();
    timeline.note("HEALED: every cluster link back on the cluster bridge");
    restartIfNeeded(3, 4);
    cluster.awaitMembersUp(Set.of(1, 2, 3, 4), MEMBERSHIP);
    timeline.note("side B rejoined: members {1, 2, 3, 4} all Up");
    load.target(List.of(1, 2, 3, 4));

    report.requests("Side A (nodes 1, 2) during the partition", load.attempts(a -> a.sentAt() >= cut && a.sentAt() < healed && a.node() <= 2));
    report.requests("Side B (nodes 3, 4) during the partition", load.attempts(a -> a.sentAt() >= cut && a.sentAt() < healed && a.node() >= 3));
    report.requests("Side B after side A's decision", load.attempts(a -> a.sentAt() >= decided && a.sentAt() < healed && a.node() >= 3));
    finish(load);
    report.requests("Whole run", load.attempts());
    writeReport();

    long servingA = lateOnA.stream().filter(a -> a.outcome() == LoadDriver.Outcome.ACCEPTED).count();
    long servingB = lateOnB.stream().filter(a -> a.outcome() == LoadDriver.Outcome.ACCEPTED).count();
    assertTrue(servingA == 0 || servingB == 0, "at most one side serves: late 202s A " + servingA + ", B " + servingB);
    assertTrue(servingA > 0, "side A (lowest address) keeps serving");
    assertNoServerErrors(load.attempts());
    assertInvariants();
  }

  // ---- 4. rolling restart under load ----------------------------------------------------------------------------

  @Test
  void rollingRestartUnderLoad_nothingLost() throws Exception {
    begin("scenario-4-rolling-restart", "rolling restart of every node under load", 3);
    LoadDriver load = driver("s4-load", clients(), RATE, List.of(1, 2, 3));
    awaitAccepted(load, WARM_UP_ACCEPTED);

    Set<Integer> all = Set.of(1, 2, 3);
    for (int i = 1; i <= 3; i++) {
      int node = i;
      List<Integer> others = all.stream().filter(n -> n != node).sorted().toList();
      load.target(others);
      long t = System.nanoTime();
      boolean graceful = cluster.node(node).stop(LabCluster.GRACEFUL_STOP);
      timeline.note("node-%d stopped by SIGTERM %s in %d ms (exit %d); load on %s", node, graceful ? "gracefully" : "NOT gracefully (SIGKILLed)",
          Await.millisSince(t), cluster.node(node).exitValue(), others);
      assertTrue(graceful, "node-" + node + " stops within " + LabCluster.GRACEFUL_STOP.toSeconds() + " s of SIGTERM");
      awaitView(others.get(0), Set.copyOf(others), "node-" + node + " has left: " + others + " Up");
      cluster.startNode(node);
      cluster.awaitMembersUp(all, MEMBERSHIP);
      timeline.note("node-%d back: members {1, 2, 3} all Up", node);
      load.target(List.of(1, 2, 3));
      awaitAccepted(load, load.accepted() + RATE);
    }

    finish(load);
    report.requests("Load (all edges)", load.attempts());
    writeReport();
    assertNoServerErrors(load.attempts());
    assertInvariants();
  }

  // ---- the scenario's frame ----------------------------------------------------------------------------------

  private void begin(String scenario, String title, int nodes) throws IOException {
    timeline = new Timeline(scenario);
    report = new ScenarioReport(scenario, title, timeline);
    Path logDir = Path.of(System.getProperty("symphony.multijvm.log-dir", System.getProperty("java.io.tmpdir"))).resolve(scenario);
    if (Files.isDirectory(logDir))
      try (Stream<Path> old = Files.walk(logDir)) {
        old.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(logDir)).map(Path::toFile).forEach(java.io.File::delete);
      }
    timeline.note("starting a lab of %d nodes; node logs in %s", nodes, logDir);
    cluster = LabCluster.start(nodes, root, logDir, RAIL_DELAY, Map.of(), timeline);
    Set<Integer> all = Stream.iterate(1, i -> i + 1).limit(nodes).collect(Collectors.toSet());
    cluster.awaitMembersUp(all, MEMBERSHIP);
    timeline.note("members %s all Up", all);
  }

  private List<LoadDriver.Client> clients() throws Exception {
    return LoadDriver.clients(cluster.devJson(), new EdgeApi(cluster.edgeUrl(1), cluster.rails().url(RailSimulators.Rail.mtn)));
  }

  private LoadDriver driver(String name, List<LoadDriver.Client> clients, int rate, List<Integer> targets) {
    LoadDriver d = new LoadDriver(name, timeline, cluster::edgeUrl, clients, rate);
    d.target(targets);
    drivers.add(d);
    d.start();
    timeline.note("load %s: %d/s to the edges of %s (participants %s)", name, rate, targets,
        clients.stream().map(LoadDriver.Client::participant).toList());
    return d;
  }

  private void awaitAccepted(LoadDriver load, long atLeast) {
    Await.until(atLeast + " instructions accepted (202)", PROGRESS, () -> load.accepted() >= atLeast, load::progress);
  }

  /** Waits until node {@code observer} sees exactly {@code members}, all Up, none unreachable. */
  private void awaitView(int observer, Set<Integer> members, String what) {
    String[] last = {""};
    Await.until(what, MEMBERSHIP, () -> {
      try {
        LabCluster.Membership m = cluster.membership(observer);
        last[0] = m.toString();
        return m.allUp(members);
      } catch (IOException e) {
        last[0] = e.toString();
        return false;
      }
    }, () -> "node-" + observer + ": " + last[0]);
    timeline.note("%s (%s)", what, last[0]);
  }

  /** The minority's edge settles: it refuses connections, or answered 503 for a while (whichever it does). */
  private void awaitMinorityAnswersSettled(LoadDriver minority, int node, long since) {
    Await.until("node-" + node + "'s edge refuses or answers 503 after the downing", PROGRESS, () -> {
      List<LoadDriver.Attempt> recent = minority.attempts(a -> a.sentAt() >= since);
      return recent.size() >= 2L * PROBE_RATE;
    }, minority::progress);
    timeline.note("minority edge after the downing: %s; process %s", LoadDriver.counts(minority.attempts(a -> a.sentAt() >= since)),
        cluster.node(node).isAlive() ? "alive" : "exited " + cluster.node(node).exitValue());
  }

  /** After healing: nodes still running are stopped (they were downed), then all started on their homes again at once. */
  private void restartIfNeeded(Integer... nodes) {
    List<java.util.concurrent.CompletableFuture<Void>> stopping = new ArrayList<>();
    for (int node : nodes) {
      NodeProcess process = cluster.node(node);
      stopping.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
        if (process.isAlive()) {
          long t = System.nanoTime();
          boolean graceful = process.stop(LabCluster.GRACEFUL_STOP);
          timeline.note("node-%d was still running after being downed: stopped %s in %d ms (exit %d)", node,
              graceful ? "by SIGTERM" : "BY SIGKILL (SIGTERM ignored)", Await.millisSince(t), process.exitValue());
        } else {
          timeline.note("node-%d had exited by itself (exit %d)", node, process.exitValue());
        }
      }));
    }
    stopping.forEach(java.util.concurrent.CompletableFuture::join);
    cluster.startNodes(List.of(nodes));
    timeline.note("nodes %s started again on their homes", List.of(nodes));
  }

  private String viewOrError(int node) {
    try {
      return cluster.membership(node).toString();
    } catch (Exception e) {
      return "no answer (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }
  }

  private Map<Integer, Integer> shards(String entityType, List<Integer> nodes) throws Exception {
    Map<Integer, Integer> shards = new TreeMap<>();
    for (int n : nodes) shards.put(n, cluster.shards(n, entityType));
    return shards;
  }

  /** Stops every driver, then checks the invariants over everything any of them had accepted. */
  private void finish(LoadDriver main) throws Exception {
    drivers.forEach(LoadDriver::stop);
    timeline.note("load stopped: %s", drivers.stream().map(LoadDriver::progress).collect(Collectors.joining("; ")));
    List<LoadDriver.Attempt> accepted = new ArrayList<>();
    for (LoadDriver d : drivers) accepted.addAll(d.attempts(LoadDriver.Attempt::accepted));
    report.check(Invariants.terminal(cluster.database(), accepted, ALL_TERMINAL));
    // The gap report settles first: reconciliation closes the numbers of submissions that never became instructions.
    report.check(Invariants.gap(cluster.database(), GAP_GRACE, GAP_SETTLED));
    report.check(Invariants.sequences(cluster.database(), accepted));
    report.check(Invariants.once(cluster.database(), cluster.rails()));
  }

  private void writeReport() throws IOException {
    timeline.note("report written");
    Path file = report.write();
    reportWritten = true;
    System.out.println("report: " + file);
  }

  private void assertInvariants() {
    List<String> violated = report.checks().stream().filter(c -> !c.holds()).map(c -> c.name() + ": " + c.detail()).toList();
    assertTrue(violated.isEmpty(), String.join("\n", violated));
    assertEquals(4, report.checks().size(), "all four invariants checked");
  }

  private static void assertNoServerErrors(List<LoadDriver.Attempt> attempts) {
    for (LoadDriver.Outcome bad : List.of(LoadDriver.Outcome.SERVER_ERROR, LoadDriver.Outcome.UNAVAILABLE_WITHOUT_RETRY_AFTER, LoadDriver.Outcome.OTHER_STATUS))
      assertEquals(0, LoadDriver.counts(attempts).getOrDefault(bad, 0L), "never " + bad + ": " + examples(attempts, bad));
  }

  private static String examples(List<LoadDriver.Attempt> attempts, LoadDriver.Outcome outcome) {
    return attempts.stream().filter(a -> a.outcome() == outcome).limit(5)
        .map(a -> "node-" + a.node() + " " + a.key() + " HTTP " + a.status() + " " + a.detail()).toList().toString();
  }
}
