package org.symphony.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;
import org.symphony.engine.rail.RailKey;

/**
 * Acceptance: a node is SIGKILLed while every instruction is IN_FLIGHT at the rail; a new node on the same home
 * recovers all of them by itself (INV-TERMINAL), without a second execution at the rail (INV-ONCE), keeping every
 * sequence id (INV-SEQ), and a duplicate after recovery gets the recorded outcome without reaching the rail.
 */
class NodeCrashRecoveryTest {

  private static final int INSTRUCTIONS = 40;
  private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "REJECTED");
  /** The simulator keeps transfers PENDING this long, so instructions stay IN_FLIGHT long enough to crash. */
  private static final Map<String, String> SLOW_RAIL = Map.of("symphony.rails.simulator.mtn.completion-delay", "6s");

  private static final Duration NODE_START = Duration.ofSeconds(120);
  private static final Duration ALL_IN_FLIGHT = Duration.ofSeconds(30);
  private static final Duration ALL_SUCCEEDED = Duration.ofSeconds(90);
  private static final Duration GRACEFUL_STOP = Duration.ofSeconds(60);

  @TempDir Path home;

  private Path logDir;
  private final List<NodeProcess> nodes = new ArrayList<>();

  /** One submitted instruction: what was sent, and what the 202 said. */
  private record Submitted(
      String participantId, String idempotencyKey, String body, String instructionId, long sequenceId) {}

  private record Participant(String id, String clientId, String clientSecret) {}

  @BeforeEach
  void logDir() {
    String base = System.getProperty("symphony.multijvm.log-dir", System.getProperty("java.io.tmpdir"));
    logDir =
        Path.of(base)
            .resolve("NodeCrashRecoveryTest-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  @AfterEach
  void stopNodesAndCheckForLeftovers() {
    List<String> problems = new ArrayList<>();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      NodeProcess node = nodes.get(i);
      if (!node.isAlive()) continue;
      long start = System.nanoTime();
      boolean graceful = node.stop(GRACEFUL_STOP);
      log("%s stopped %s in %d ms (exit %d)", node.name(), graceful ? "gracefully" : "BY SIGKILL", Await.millisSince(start), node.exitValue());
      if (!graceful)
        problems.add(node.name() + " did not stop within " + GRACEFUL_STOP.toSeconds() + " s of SIGTERM; log tail:\n" + node.logTail(40));
    }
    // A node's graceful stop stops its PostgreSQL; after a SIGKILL the next node on the home cleaned up the orphan.
    List<ProcessHandle> leftovers = NodeProcess.processesUsing(home);
    if (!leftovers.isEmpty()) {
      problems.add("processes still using " + home + " after the nodes stopped:\n" + NodeProcess.describe(leftovers));
      leftovers.forEach(ProcessHandle::destroy); // postmaster: SIGTERM = smart shutdown; nothing is connected any more
      leftovers.forEach(p -> p.onExit().completeOnTimeout(p, 30, java.util.concurrent.TimeUnit.SECONDS).join());
      leftovers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
    if (!problems.isEmpty()) fail(String.join("\n", problems));
  }

  /** Failure injection "node_sigkill_in_flight", written from this JVM (the node is the one killed). */
  @Test
  void sigkillWhileInFlight_everyInstructionSucceedsOnceAfterRestart() throws Exception {
    try (EvidenceResult evidence = EvidenceResult.start(EvidenceSection.FAILURE_INJECTION, "node_sigkill_in_flight", getClass())) {
      sigkillWhileInFlight(evidence);
      evidence.pass();
    }
  }

  private void sigkillWhileInFlight(EvidenceResult evidence) throws Exception {
    NodeProcess.Ports ports = NodeProcess.Ports.free();

    // 1. Node A, with a slow rail.
    long t = System.nanoTime();
    NodeProcess a = start("node-a", ports);
    log("node-a up in %d ms (pid %d), log %s", Await.millisSince(t), a.pid(), a.log());
    JsonNode devA = a.devJson();
    EdgeApi apiA = EdgeApi.of(devA);
    List<Participant> participants = participants(devA);
    Map<String, String> tokensA = tokens(apiA, participants);
    t = System.nanoTime();

    // 2. 40 instructions, two participants, submitted concurrently.
    List<String> keys = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    List<CompletableFuture<EdgeApi.Answer>> answers = new ArrayList<>();
    String run = UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < INSTRUCTIONS; i++) {
      Participant p = participants.get(i % 2);
      String key = "crash-" + run + "-" + i;
      String body = body(i);
      keys.add(key);
      bodies.add(body);
      owners.add(p.id());
      answers.add(apiA.submitAsync(tokensA.get(p.id()), key, body));
    }
    List<Submitted> submitted = new ArrayList<>();
    for (int i = 0; i < INSTRUCTIONS; i++) {
      EdgeApi.Answer answer = answers.get(i).join();
      assertEquals(202, answer.status(), "submission " + i + ": " + answer);
      JsonNode json = answer.json();
      assertEquals(owners.get(i), json.get("participantId").asText(), "participant of submission " + i);
      assertEquals("PENDING", json.get("status").asText(), "status of submission " + i + ": " + answer);
      submitted.add(new Submitted(owners.get(i), keys.get(i), bodies.get(i), json.get("instructionId").asText(), json.get("sequenceId").asLong()));
    }
    assertEquals(INSTRUCTIONS, submitted.stream().map(Submitted::instructionId).distinct().count(), "distinct instruction ids");
    log("%d instructions accepted (202) in %d ms", INSTRUCTIONS, Await.millisSince(t));

    // 3. Every instruction IN_FLIGHT (journaled DispatchStarted) and at least one already executed by the rail (so the
    // kill leaves both kinds: executed with the outcome unrecorded, and sent or about to be sent), then SIGKILL.
    Map<String, String> status = new LinkedHashMap<>();
    Await.until(
        "all " + INSTRUCTIONS + " instructions IN_FLIGHT on node-a, one executed by the rail",
        ALL_IN_FLIGHT,
        () -> {
          poll(apiA, tokensA, submitted, status);
          List<String> early = status.entrySet().stream().filter(e -> TERMINAL.contains(e.getValue())).map(Map.Entry::getKey).toList();
          if (!early.isEmpty())
            fail("instructions reached a terminal state before the crash (the rail is too fast for this test): " + early + "\n" + progress(status));
          return status.values().stream().allMatch("IN_FLIGHT"::equals) && apiA.strikes().get("total").asLong() >= 1;
        },
        () -> progress(status) + "\nnode-a log tail:\n" + a.logTail(40));
    log("all %d IN_FLIGHT %d ms after the first submission", INSTRUCTIONS, Await.millisSince(t));
    JsonNode strikesAtKill = apiA.strikes();
    long inFlightAtKill = status.values().stream().filter("IN_FLIGHT"::equals).count();
    t = System.nanoTime();
    long killedAt = t;
    a.kill();
    evidence.measured("instructions", submitted.size()).measured("in_flight_at_kill", inFlightAtKill)
        .measured("rail_executed_before_kill", strikesAtKill.get("references").size());
    log("node-a SIGKILLed (exit %d) with all %d IN_FLIGHT; the rail had executed %d of them; still running on the home:\n%s",
        a.exitValue(), INSTRUCTIONS, strikesAtKill.get("references").size(), NodeProcess.describe(NodeProcess.processesUsing(home)));

    // 4. Node B on the same home and ports recovers every instruction by itself.
    NodeProcess b = start("node-b", ports);
    evidence.measured("restart_seconds", (System.nanoTime() - killedAt) / 1e9);
    log("node-b up %d ms after the kill (pid %d), log %s", Await.millisSince(t), b.pid(), b.log());
    JsonNode devB = b.devJson();
    EdgeApi apiB = EdgeApi.of(devB);
    Map<String, String> tokensB = tokens(apiB, participants(devB));
    Map<String, JsonNode> finalViews = new LinkedHashMap<>();
    status.clear();
    Await.until(
        "all " + INSTRUCTIONS + " instructions SUCCEEDED on node-b",
        ALL_SUCCEEDED,
        () -> {
          Map<String, JsonNode> views = poll(apiB, tokensB, submitted, status);
          List<String> wrong =
              status.entrySet().stream()
                  .filter(e -> TERMINAL.contains(e.getValue()) && !"SUCCEEDED".equals(e.getValue()))
                  .map(e -> e.getKey() + "=" + views.get(e.getKey()))
                  .toList();
          if (!wrong.isEmpty()) fail("instructions ended other than SUCCEEDED after recovery: " + wrong);
          if (!status.values().stream().allMatch("SUCCEEDED"::equals)) return false;
          finalViews.putAll(views);
          return true;
        },
        () -> progress(status) + "\nstrikes: " + strikesOrError(apiB) + "\nnode-b log tail:\n" + b.logTail(60));
    log("all %d SUCCEEDED %d ms after the kill", INSTRUCTIONS, Await.millisSince(t));
    evidence.measured("recovery_seconds", (System.nanoTime() - killedAt) / 1e9)
        .measured("recovered_terminal", finalViews.values().stream().filter(v -> TERMINAL.contains(v.get("status").asText())).count())
        .measured("recovered_succeeded", finalViews.values().stream().filter(v -> "SUCCEEDED".equals(v.get("status").asText())).count())
        .check("INV_TERMINAL", finalViews.size() == INSTRUCTIONS);

    // 5a. Sequence ids survive the crash, and are 1..n per participant (INV-SEQ).
    Map<String, List<Long>> sequencesByParticipant = new TreeMap<>();
    for (Submitted s : submitted) {
      JsonNode view = finalViews.get(s.instructionId());
      assertEquals(s.sequenceId(), view.get("sequenceId").asLong(), "sequenceId of " + s.instructionId() + " across the crash");
      assertEquals(s.participantId(), view.get("participantId").asText(), "participant of " + s.instructionId());
      assertEquals("mtn-momo", text(view, "rail"), "rail of " + s.instructionId() + ": " + view);
      sequencesByParticipant.computeIfAbsent(s.participantId(), k -> new ArrayList<>()).add(view.get("sequenceId").asLong());
    }
    evidence.check("INV_SEQ", sequencesByParticipant.values().stream()
        .allMatch(ids -> ids.stream().sorted().toList().equals(LongStream.rangeClosed(1, ids.size()).boxed().toList())));
    sequencesByParticipant.forEach(
        (participant, ids) ->
            assertEquals(
                LongStream.rangeClosed(1, ids.size()).boxed().toList(),
                ids.stream().sorted().toList(),
                "INV-SEQ: sequence ids of " + participant));

    // 5b. INV-ONCE: the rail executed each instruction's rail key exactly once, and nothing else.
    Set<String> expectedRailKeys =
        submitted.stream().map(s -> RailKey.forInstruction(s.instructionId()).value()).collect(Collectors.toCollection(TreeSet::new));
    JsonNode strikes = apiB.strikes();
    recordExecutions(evidence, strikes, expectedRailKeys);
    assertExactlyOnce(strikes, expectedRailKeys);

    // 5c. A duplicate after recovery: the recorded outcome, 200, no new rail call.
    Submitted first = submitted.get(0);
    EdgeApi.Answer duplicate = apiB.submit(tokensB.get(first.participantId()), first.idempotencyKey(), first.body());
    assertEquals(200, duplicate.status(), "duplicate after recovery: " + duplicate);
    JsonNode replay = duplicate.json();
    assertEquals(first.instructionId(), replay.get("instructionId").asText(), "duplicate's instructionId");
    assertEquals(first.sequenceId(), replay.get("sequenceId").asLong(), "duplicate's sequenceId");
    assertEquals("SUCCEEDED", replay.get("status").asText(), "duplicate's status: " + duplicate);
    JsonNode strikesAfterDuplicate = apiB.strikes();
    evidence.measured("rail_calls_for_duplicate_after_recovery", strikesAfterDuplicate.get("total").asLong() - strikes.get("total").asLong());
    assertEquals(strikes.get("total").asLong(), strikesAfterDuplicate.get("total").asLong(), "strike total after the duplicate");
    assertExactlyOnce(strikesAfterDuplicate, expectedRailKeys);
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private NodeProcess start(String name, NodeProcess.Ports ports) throws IOException {
    NodeProcess node = NodeProcess.start(name, home, ports, SLOW_RAIL, logDir, NODE_START);
    nodes.add(node);
    return node;
  }

  /** What the rail's strike ledger shows: executions beyond the first per rail key are second executions (INV-ONCE). */
  private static void recordExecutions(EvidenceResult evidence, JsonNode strikes, Set<String> expectedRailKeys) {
    long secondExecutions = 0;
    long executedKeys = 0;
    for (Map.Entry<String, JsonNode> e : strikes.get("references").properties()) {
      executedKeys++;
      secondExecutions += Math.max(0, e.getValue().asInt() - 1);
    }
    long unexpected = strikes.get("references").size() - expectedRailKeys.stream().filter(k -> strikes.get("references").has(k)).count();
    evidence.measured("rail_executions", strikes.get("total").asLong()).measured("rail_keys_executed", executedKeys)
        .measured("second_executions", secondExecutions).measured("unexpected_rail_keys", unexpected)
        .check("INV_ONCE", secondExecutions == 0 && unexpected == 0 && executedKeys == expectedRailKeys.size());
  }

  private static void assertExactlyOnce(JsonNode strikes, Set<String> expectedRailKeys) {
    Map<String, Integer> executions = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : strikes.get("references").properties()) executions.put(e.getKey(), e.getValue().asInt());
    Map<String, Integer> notOnce =
        executions.entrySet().stream().filter(e -> e.getValue() != 1).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertTrue(notOnce.isEmpty(), "INV-ONCE: rail keys executed other than once: " + notOnce + "\n" + strikes);
    assertEquals(expectedRailKeys, executions.keySet(), "rail keys the simulator executed vs the instructions' rail keys");
    assertEquals(INSTRUCTIONS, strikes.get("total").asLong(), "strike total: " + strikes);
  }

  /**
   * GETs every instruction (all at once, so one round is short next to the rail's completion delay); fills
   * {@code status} (instruction → status, or "HTTP nnn" / the error) and returns the views that were read.
   */
  private static Map<String, JsonNode> poll(
      EdgeApi api, Map<String, String> tokens, List<Submitted> submitted, Map<String, String> status) {
    Map<String, CompletableFuture<EdgeApi.Answer>> pending = new LinkedHashMap<>();
    for (Submitted s : submitted) pending.put(s.instructionId(), api.instructionAsync(tokens.get(s.participantId()), s.instructionId()));
    Map<String, JsonNode> views = new LinkedHashMap<>();
    pending.forEach(
        (id, future) -> {
          try {
            EdgeApi.Answer answer = future.join();
            if (answer.status() == 200) {
              JsonNode view = answer.json();
              views.put(id, view);
              status.put(id, view.get("status").asText());
            } else {
              status.put(id, "HTTP " + answer.status());
            }
          } catch (java.util.concurrent.CompletionException e) {
            status.put(id, String.valueOf(e.getCause()));
          }
        });
    return views;
  }

  private static String progress(Map<String, String> status) {
    Map<String, Long> counts = new TreeMap<>(status.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())));
    String open =
        status.entrySet().stream()
            .filter(e -> !"SUCCEEDED".equals(e.getValue()))
            .map(e -> "  " + e.getKey() + " " + e.getValue())
            .collect(Collectors.joining("\n"));
    return "statuses " + counts + " of " + status.size() + (open.isEmpty() ? "" : "\nnot SUCCEEDED:\n" + open);
  }

  private static String strikesOrError(EdgeApi api) {
    try {
      JsonNode s = api.strikes();
      return "total " + s.get("total") + ", references " + s.get("references").size() + " " + s.get("references");
    } catch (Exception | AssertionError e) {
      return "unavailable: " + e;
    }
  }

  private static List<Participant> participants(JsonNode devJson) {
    List<Participant> list = new ArrayList<>();
    for (JsonNode p : devJson.get("participants"))
      list.add(new Participant(p.get("id").asText(), p.get("client_id").asText(), p.get("client_secret").asText()));
    assertTrue(list.size() >= 2, "dev.json lists at least two participants: " + devJson.get("participants"));
    return list.subList(0, 2);
  }

  private static Map<String, String> tokens(EdgeApi api, List<Participant> participants) throws IOException, InterruptedException {
    Map<String, String> tokens = new LinkedHashMap<>();
    for (Participant p : participants) tokens.put(p.id(), api.token(p.clientId(), p.clientSecret()));
    return tokens;
  }

  /** A distinct, valid instruction body; MSISDNs never end with the simulator's failing suffix 0000. */
  private static String body(int i) {
    ObjectNode body = EdgeApi.JSON.createObjectNode();
    body.putObject("amount").put("value", String.format("%d.%02d", 100 + i, i)).put("currency", "ZMW");
    body.putObject("creditor").put("msisdn", String.format("+26096123%04d", 1001 + i));
    body.put("reference", "INV-CRASH-" + i);
    return body.toString();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static void log(String format, Object... args) {
    System.out.println(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME) + " " + String.format(format, args));
  }
}
