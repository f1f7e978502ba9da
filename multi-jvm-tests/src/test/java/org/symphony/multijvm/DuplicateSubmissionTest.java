package org.symphony.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.instruction.InstructionId;
import org.symphony.engine.rail.RailKey;

/**
 * Acceptance (promise 2, INV-ONCE, INV-SEQ): duplicates never reach the rail twice.
 *
 * <ul>
 *   <li><b>Double tap</b>: 50 identical requests (same participant, Idempotency-Key, body and token) fired at once →
 *       one instruction, one sequence id, one rail execution, 49 recorded replays with identical bodies. First on
 *       node A alone, then on a two-node cluster with 25 copies to each edge.
 *   <li><b>Retry storm</b>: 20 clients retry the same 100 keys (two participants) with random pauses for 30 s →
 *       exactly 100 instructions, sequence ids 1..n per participant, 100 rail executions. On node A alone, then with
 *       the clients spread over both edges of the cluster.
 * </ul>
 *
 * Each scenario has participants of its own (dev participants configured on node A), so every participant's
 * sequence ids must be exactly 1..n, and the simulator's strike ledger is compared before and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DuplicateSubmissionTest {

  private static final int COPIES = 50;
  private static final int STORM_CLIENTS = 20;
  private static final int STORM_KEYS = 100;
  private static final Duration STORM_DURATION = Duration.ofSeconds(30);
  private static final int STORM_MAX_PAUSE_MS = 200;

  private static final String TAP_SOLO = "tap-solo";
  private static final String TAP_DUO = "tap-duo";
  /** Submits once through each edge after node-b joins, so that the double tap meets a cluster that serves. */
  private static final String WARM_DUO = "warm-duo";
  private static final List<String> STORM_SOLO = List.of("storm-solo-1", "storm-solo-2");
  private static final List<String> STORM_DUO = List.of("storm-duo-1", "storm-duo-2");
  private static final List<String> PARTICIPANTS =
      List.of(TAP_SOLO, TAP_DUO, WARM_DUO, STORM_SOLO.get(0), STORM_SOLO.get(1), STORM_DUO.get(0), STORM_DUO.get(1));

  private static final String TAP_BODY =
      "{\"amount\":{\"value\":\"150.00\",\"currency\":\"ZMW\"},\"creditor\":{\"msisdn\":\"+260961234567\"},\"reference\":\"INV-42\"}";
  private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "REJECTED");

  private static final Duration CLUSTER_UP = Duration.ofSeconds(60);
  private static final Duration SUCCEEDED_WITHIN = Duration.ofSeconds(60);
  private static final Duration OUTCOMES_RECORDED = Duration.ofSeconds(30);
  private static final Duration SETTLE = Duration.ofSeconds(30);

  @TempDir static Path root;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private LocalCluster cluster;
  private Map<String, Participant> participants;
  /** Failure injections "double_tap" and "retry_storm": each over its single-node and its cluster variant. */
  private final VariantEvidence doubleTapEvidence = new VariantEvidence("double_tap", DuplicateSubmissionTest.class);
  private final VariantEvidence retryStormEvidence = new VariantEvidence("retry_storm", DuplicateSubmissionTest.class);

  private record Participant(String id, String clientId, String clientSecret) {}

  /** One answer a client got: which key, which edge, and the HTTP answer (or the client-side error). */
  private record Observed(int key, int edge, EdgeApi.Answer answer, String error) {
    boolean ok() {
      return answer != null && (answer.status() == 200 || answer.status() == 202);
    }
  }

  @BeforeAll
  void startNodeA() throws IOException {
    String base = System.getProperty("symphony.multijvm.log-dir", System.getProperty("java.io.tmpdir"));
    Path logDir =
        Path.of(base)
            .resolve("DuplicateSubmissionTest-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    cluster = LocalCluster.prepare(root, logDir);
    Map<String, String> props = new LinkedHashMap<>();
    for (int i = 0; i < PARTICIPANTS.size(); i++) props.put("symphony.node.dev-participants." + i, PARTICIPANTS.get(i));
    long t = System.nanoTime();
    NodeProcess a = cluster.startA(props);
    log("node-a up in %d ms (pid %d), log %s", Await.millisSince(t), a.pid(), a.log());
    participants = new LinkedHashMap<>();
    for (JsonNode p : cluster.devJson().get("participants"))
      participants.put(p.get("id").asText(), new Participant(p.get("id").asText(), p.get("client_id").asText(), p.get("client_secret").asText()));
    assertEquals(new TreeSet<>(PARTICIPANTS), new TreeSet<>(participants.keySet()), "dev participants of node-a (dev.json)");
    JsonNode members = cluster.awaitMembersUp(CLUSTER_UP);
    log("node-a alone: %s", members.path("members"));
  }

  @AfterAll
  void stopNodes() {
    doubleTapEvidence.close();
    retryStormEvidence.close();
    if (cluster == null) return;
    List<String> problems = cluster.stop();
    // After the stop, so that the summary includes the shutdown (pekko logs to stdout once slf4j is gone).
    logErrors(cluster.b());
    logErrors(cluster.a());
    if (!problems.isEmpty()) fail(String.join("\n", problems));
  }

  // ---- double tap ------------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void doubleTap_singleNode() throws Exception {
    doubleTap(TAP_SOLO, List.of(cluster.edgeA()), "single");
  }

  @Test
  @Order(3)
  void doubleTap_twoNodes_copiesSplitOverBothEdges() throws Exception {
    ensureTwoNodes();
    doubleTap(TAP_DUO, List.of(cluster.edgeA(), cluster.edgeB()), "cluster");
  }

  private void doubleTap(String participantId, List<EdgeApi> edges, String label) throws Exception {
    VariantEvidence.Variant evidence = doubleTapEvidence.variant(label);
    doubleTap(participantId, edges, label, evidence);
    evidence.pass();
  }

  private void doubleTap(String participantId, List<EdgeApi> edges, String label, VariantEvidence.Variant evidence) throws Exception {
    EdgeApi edgeA = cluster.edgeA();
    Participant p = participants.get(participantId);
    // One token, issued by node A, on every copy: the copies are identical (on node B this also proves the shared key).
    String token = edgeA.token(p.clientId(), p.clientSecret());
    String key = "tap-" + run + "-" + label;
    String instructionId = InstructionId.derive(participantId, key);
    String railKey = RailKey.forInstruction(instructionId).value();
    JsonNode strikesBefore = edgeA.strikes();

    // 1. 50 copies, released together by a barrier, split round-robin over the edges.
    ExecutorService pool = Executors.newFixedThreadPool(COPIES);
    List<EdgeApi.Answer> answers = new ArrayList<>();
    long t;
    try {
      CyclicBarrier go = new CyclicBarrier(COPIES);
      List<Future<EdgeApi.Answer>> futures = new ArrayList<>();
      for (int i = 0; i < COPIES; i++) {
        EdgeApi edge = edges.get(i % edges.size());
        futures.add(
            pool.submit(
                () -> {
                  go.await(30, TimeUnit.SECONDS);
                  return edge.submit(token, key, TAP_BODY);
                }));
      }
      t = System.nanoTime();
      for (Future<EdgeApi.Answer> f : futures) answers.add(f.get(60, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    log("double tap (%s): %d copies over %d edge(s) answered within %d ms: %s", label, COPIES, edges.size(), Await.millisSince(t), tally(answers));
    evidence.count("copies_sent", answers.size()).measured("edges", edges.size())
        .count("answered_2xx", answers.stream().filter(a -> a.status() == 200 || a.status() == 202).count())
        .count("replays", answers.stream().filter(EdgeApi.Answer::replayed).count());

    // 2. HTTP: all 2xx, exactly one original (202 PENDING), 49 replays of the same instruction and sequence id.
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < COPIES; i++) {
      EdgeApi.Answer a = answers.get(i);
      if (a.status() != 200 && a.status() != 202) problems.add("copy " + i + " (edge " + (i % edges.size()) + "): " + a + " headers " + a.headers().map());
    }
    assertTrue(problems.isEmpty(), "double tap (" + label + "): copies not answered 2xx:\n" + String.join("\n", problems));
    List<EdgeApi.Answer> originals = answers.stream().filter(a -> !a.replayed()).toList();
    List<EdgeApi.Answer> replays = answers.stream().filter(EdgeApi.Answer::replayed).toList();
    assertEquals(1, originals.size(), "double tap (" + label + "): answers without Idempotent-Replayed: " + originals);
    EdgeApi.Answer original = originals.get(0);
    assertEquals(202, original.status(), "the original's status: " + original);
    JsonNode originalJson = original.json();
    assertEquals("PENDING", originalJson.get("status").asText(), "the original's instruction status: " + original);
    assertEquals(instructionId, originalJson.get("instructionId").asText(), "instruction id = f(participant, key)");
    assertEquals(participantId, originalJson.get("participantId").asText(), "the original's participant");
    long sequenceId = originalJson.get("sequenceId").asLong();
    evidence.measured("sequence_id", sequenceId).check("INV_SEQ", sequenceId == 1);
    assertEquals(1, sequenceId, "the participant's only instruction has sequence id 1 (no number consumed by a duplicate)");
    for (EdgeApi.Answer r : replays) {
      JsonNode json = r.json();
      assertEquals(instructionId, json.get("instructionId").asText(), "a replay's instructionId: " + r);
      assertEquals(sequenceId, json.get("sequenceId").asLong(), "a replay's sequenceId: " + r);
    }
    assertReplayContract("double tap (" + label + ")", original, replays);

    // 3. The instruction succeeds; the rail executed it exactly once, and nothing else.
    awaitSucceeded(edgeA, Map.of(participantId, token), Map.of(instructionId, participantId));
    JsonNode strikes = edgeA.strikes();
    Map<String, Integer> executed = strikeDelta(strikesBefore, strikes);
    evidence.count("rail_executions", strikes.get("total").asLong() - strikesBefore.get("total").asLong())
        .check("INV_ONCE", executed.equals(Map.of(railKey, 1)));
    assertEquals(1, strikes.path("references").path(railKey).asInt(0), "INV-ONCE: executions of rail key " + railKey + ": " + strikes);
    assertStrikeDelta(strikesBefore, strikes, Set.of(railKey));

    // 4. The audit trail: 50 attested requests, one ACCEPTED and 49 REPLAYED outcomes.
    try (Connection db = cluster.database()) {
      Map<String, Long> attestedByNode =
          counts(db, "SELECT node_id, outcome, count(*) FROM ingress_attestation WHERE subject = ? AND idempotency_key = ? GROUP BY 1, 2", participantId, key);
      log("double tap (%s): ingress attestations by node/outcome %s", label, attestedByNode);
      assertEquals(COPIES, attestedByNode.values().stream().mapToLong(Long::longValue).sum(), "ingress attestations of the copies: " + attestedByNode);
      assertTrue(attestedByNode.keySet().stream().allMatch(k -> k.endsWith("/FORWARDED")), "every copy was forwarded: " + attestedByNode);
      assertEquals(edges.size(), attestedByNode.size(), "nodes that attested copies: " + attestedByNode);
      for (long n : attestedByNode.values()) assertEquals(COPIES / edges.size(), n, "copies attested per node: " + attestedByNode);

      Map<String, Long> outcomes = awaitOutcomes(db, Set.of(instructionId), COPIES);
      Map<String, Long> byOutcome = new TreeMap<>();
      outcomes.forEach((k, v) -> byOutcome.merge(k.substring(k.indexOf('/') + 1).startsWith("REPLAYED") ? "REPLAYED" : k.substring(k.indexOf('/') + 1), v, Long::sum));
      evidence.count("instructions_created", byOutcome.getOrDefault("ACCEPTED", 0L))
          .count("attested", attestedByNode.values().stream().mapToLong(Long::longValue).sum())
          .count("replays_recorded", byOutcome.getOrDefault("REPLAYED", 0L))
          .check("one_instruction", byOutcome.getOrDefault("ACCEPTED", 0L) == 1);
      assertEquals(Map.of("ACCEPTED", 1L, "REPLAYED", (long) COPIES - 1), byOutcome, "recorded outcomes of " + instructionId + ": " + outcomes);
    }
  }

  /**
   * The replay contract: while the instruction is not terminal, a replay is 202 with exactly the original acceptance
   * body; once it is terminal, 200 with the final state (the same for every such replay).
   */
  private static void assertReplayContract(String what, EdgeApi.Answer original, Collection<EdgeApi.Answer> replays) {
    List<String> problems = new ArrayList<>();
    Set<String> terminalBodies = new TreeSet<>();
    for (EdgeApi.Answer r : replays) {
      String status = r.json().path("status").asText();
      if (r.status() == 202) {
        if (!r.body().equals(original.body())) problems.add("202 replay differs from the original acceptance body:\n    " + r.body() + "\n vs " + original.body());
      } else if (r.status() == 200) {
        if (!TERMINAL.contains(status)) problems.add("200 replay of a non-terminal instruction (expected 202 + the original body): " + r.body());
        else terminalBodies.add(r.body());
      } else {
        problems.add("replay with HTTP " + r.status() + ": " + r.body());
      }
    }
    if (terminalBodies.size() > 1) problems.add("terminal replays differ from each other: " + terminalBodies);
    assertTrue(problems.isEmpty(), what + ": replay contract broken (" + problems.size() + " of " + replays.size() + " replays):\n" + problems.stream().distinct().limit(10).collect(Collectors.joining("\n")));
  }

  // ---- retry storm -----------------------------------------------------------------------------------------

  @Test
  @Order(2)
  void retryStorm_singleNode() throws Exception {
    retryStorm(STORM_SOLO, List.of(cluster.edgeA()), "single");
  }

  @Test
  @Order(4)
  void retryStorm_twoNodes_clientsSpreadOverBothEdges() throws Exception {
    ensureTwoNodes();
    retryStorm(STORM_DUO, List.of(cluster.edgeA(), cluster.edgeB()), "cluster");
  }

  private void retryStorm(List<String> participantIds, List<EdgeApi> edges, String label) throws Exception {
    VariantEvidence.Variant evidence = retryStormEvidence.variant(label);
    retryStorm(participantIds, edges, label, evidence);
    evidence.pass();
  }

  private void retryStorm(List<String> participantIds, List<EdgeApi> edges, String label, VariantEvidence.Variant evidence) throws Exception {
    EdgeApi edgeA = cluster.edgeA();
    // Tokens from each edge for its own clients.
    List<Map<String, String>> tokens = new ArrayList<>();
    for (EdgeApi edge : edges) {
      Map<String, String> byParticipant = new LinkedHashMap<>();
      for (String id : participantIds) byParticipant.put(id, edge.token(participants.get(id).clientId(), participants.get(id).clientSecret()));
      tokens.add(byParticipant);
    }
    String[] owner = new String[STORM_KEYS];
    String[] keys = new String[STORM_KEYS];
    String[] bodies = new String[STORM_KEYS];
    String[] ids = new String[STORM_KEYS];
    for (int k = 0; k < STORM_KEYS; k++) {
      owner[k] = participantIds.get(k % participantIds.size());
      keys[k] = "storm-" + run + "-" + label + "-" + k;
      bodies[k] = body(k);
      ids[k] = InstructionId.derive(owner[k], keys[k]);
    }
    JsonNode strikesBefore = edgeA.strikes();

    // 1. 20 clients for 30 s: a random key, POST, a random pause of 0–200 ms, again. 503s are simply retried later.
    ConcurrentLinkedQueue<Observed> observed = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(STORM_CLIENTS);
    long t = System.nanoTime();
    long end = t + STORM_DURATION.toNanos();
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < STORM_CLIENTS; c++) {
        int edge = c % edges.size();
        clients.add(
            pool.submit(
                () -> {
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  while (System.nanoTime() - end < 0) {
                    int k = random.nextInt(STORM_KEYS);
                    observed.add(send(edges.get(edge), edge, tokens.get(edge).get(owner[k]), k, keys[k], bodies[k]));
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt(STORM_MAX_PAUSE_MS + 1)));
                  }
                  return null;
                }));
      }
      for (Future<?> f : clients) f.get(STORM_DURATION.toSeconds() + 60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    long stormMillis = Await.millisSince(t);
    long stormRequests = observed.size();
    log("retry storm (%s): %d requests from %d clients over %d edge(s) in %d ms: %s",
        label, observed.size(), STORM_CLIENTS, edges.size(), stormMillis, tally(observed.stream().map(Observed::answer).filter(a -> a != null).toList()));

    // 2. Every key has a definite answer: once more per key, retrying a 503 until a 2xx (a client that retries).
    for (int k = 0; k < STORM_KEYS; k++) {
      int edge = k % edges.size();
      int key = k;
      Observed[] last = new Observed[1];
      Await.until(
          "a 2xx answer for key " + keys[k],
          SETTLE,
          () -> {
            last[0] = send(edges.get(edge), edge, tokens.get(edge).get(owner[key]), key, keys[key], bodies[key]);
            observed.add(last[0]);
            return last[0].ok() || last[0].answer() != null && last[0].answer().status() != 503;
          },
          () -> "last: " + last[0]);
    }

    // 3. Only 200/202/503 answers; every 2xx names the key's own instruction, with one sequence id per key.
    List<Observed> all = new ArrayList<>(observed);
    Map<String, Long> unexpected =
        all.stream()
            .filter(o -> !o.ok() && (o.answer() == null || o.answer().status() != 503))
            .collect(Collectors.groupingBy(o -> o.answer() == null ? "error " + o.error() : o.answer().toString(), TreeMap::new, Collectors.counting()));
    Map<String, Long> unavailable =
        all.stream()
            .filter(o -> o.answer() != null && o.answer().status() == 503)
            .collect(Collectors.groupingBy(o -> "edge " + o.edge() + " " + o.answer().json().path("code").asText(), TreeMap::new, Collectors.counting()));
    log("retry storm (%s): 503s by edge and code %s", label, unavailable);
    evidence.count("clients", STORM_CLIENTS).count("keys", all.stream().mapToInt(Observed::key).distinct().count())
        .measured("edges", edges.size())
        .measured("storm_seconds", stormMillis / 1000.0)
        .count("storm_requests", stormRequests)
        .count("requests_sent", all.size())
        .count("answered_2xx", all.stream().filter(Observed::ok).count())
        .count("answered_503", all.stream().filter(o -> o.answer() != null && o.answer().status() == 503).count())
        .count("other_answers", unexpected.values().stream().mapToLong(Long::longValue).sum())
        .check("only_200_202_503", unexpected.isEmpty());
    assertTrue(unexpected.isEmpty(), "retry storm (" + label + "): answers other than 200/202/503: " + unexpected);

    List<String> problems = new ArrayList<>();
    Set<String> returnedIds = new TreeSet<>();
    Map<Integer, Long> sequenceByKey = new TreeMap<>();
    Map<Integer, List<EdgeApi.Answer>> byKey = new TreeMap<>();
    for (Observed o : all) {
      if (!o.ok()) continue;
      byKey.computeIfAbsent(o.key(), x -> new ArrayList<>()).add(o.answer());
      JsonNode json = o.answer().json();
      String id = json.path("instructionId").asText();
      returnedIds.add(id);
      if (!ids[o.key()].equals(id)) problems.add("key " + o.key() + " answered with instruction " + id + ", expected " + ids[o.key()]);
      if (!owner[o.key()].equals(json.path("participantId").asText())) problems.add("key " + o.key() + " answered for participant " + json.path("participantId"));
      long seq = json.path("sequenceId").asLong();
      Long previous = sequenceByKey.putIfAbsent(o.key(), seq);
      if (previous != null && previous != seq) problems.add("key " + o.key() + " answered with sequence ids " + previous + " and " + seq);
    }
    assertTrue(problems.isEmpty(), "retry storm (" + label + "): inconsistent answers:\n" + problems.stream().distinct().limit(20).collect(Collectors.joining("\n")));
    assertEquals(new TreeSet<>(List.of(ids)), returnedIds, "retry storm (" + label + "): instruction ids ever returned");
    evidence.count("instruction_ids_returned", returnedIds.size());
    assertEquals(STORM_KEYS, returnedIds.size(), "distinct instruction ids ever returned");

    // At most one original per key; the replays follow the replay contract.
    Map<Integer, Long> originals = new TreeMap<>();
    for (Map.Entry<Integer, List<EdgeApi.Answer>> e : byKey.entrySet()) {
      List<EdgeApi.Answer> firsts = e.getValue().stream().filter(a -> !a.replayed()).toList();
      originals.put(e.getKey(), (long) firsts.size());
      if (firsts.size() > 1) problems.add("key " + e.getKey() + " has " + firsts.size() + " answers without Idempotent-Replayed: " + firsts);
      if (firsts.size() == 1) {
        if (firsts.get(0).status() != 202) problems.add("key " + e.getKey() + "'s original answer is not 202: " + firsts.get(0));
        try {
          assertReplayContract("key " + e.getKey(), firsts.get(0), e.getValue().stream().filter(EdgeApi.Answer::replayed).toList());
        } catch (AssertionError broken) {
          problems.add(broken.getMessage());
        }
      }
    }
    long withoutOriginal = originals.values().stream().filter(n -> n == 0).count();
    log("retry storm (%s): %d answers 2xx, %d keys answered without a non-replayed original (original answer lost to a 503/timeout)",
        label, all.stream().filter(Observed::ok).count(), withoutOriginal);
    assertTrue(problems.isEmpty(), "retry storm (" + label + "):\n" + problems.stream().distinct().limit(20).collect(Collectors.joining("\n")));

    // 4. Every instruction SUCCEEDED; INV-SEQ per participant on the final views.
    Map<String, String> instructionOwner = new LinkedHashMap<>();
    for (int k = 0; k < STORM_KEYS; k++) instructionOwner.put(ids[k], owner[k]);
    Map<String, JsonNode> views = awaitSucceeded(edgeA, tokens.get(0), instructionOwner);
    Map<String, List<Long>> sequences = new TreeMap<>();
    for (int k = 0; k < STORM_KEYS; k++) {
      long seq = views.get(ids[k]).get("sequenceId").asLong();
      assertEquals(sequenceByKey.get(k), seq, "sequence id of key " + k + " in its answers vs its final view");
      sequences.computeIfAbsent(owner[k], x -> new ArrayList<>()).add(seq);
    }
    long holes = 0;
    long repeats = 0;
    for (List<Long> seqs : sequences.values()) {
      long distinct = seqs.stream().distinct().count();
      holes += seqs.stream().mapToLong(Long::longValue).max().orElse(0) - distinct;
      repeats += seqs.size() - distinct;
    }
    evidence.count("instructions_created", views.size())
        .count("sequence_ids_issued", sequences.values().stream().mapToLong(seqs -> seqs.stream().mapToLong(Long::longValue).max().orElse(0)).sum())
        .count("sequence_holes", holes).count("sequence_repeats", repeats).check("INV_SEQ", holes == 0 && repeats == 0);
    sequences.forEach(
        (participant, seqs) ->
            assertEquals(
                LongStream.rangeClosed(1, seqs.size()).boxed().toList(), seqs.stream().sorted().toList(), "INV-SEQ: sequence ids of " + participant));
    assertEquals(participantIds.size(), sequences.size(), "participants with instructions");

    // 5. INV-ONCE: exactly these 100 rail keys were executed, once each.
    Set<String> railKeys = IntStream.range(0, STORM_KEYS).mapToObj(k -> RailKey.forInstruction(ids[k]).value()).collect(Collectors.toCollection(TreeSet::new));
    JsonNode strikesAfter = edgeA.strikes();
    Map<String, Integer> executed = strikeDelta(strikesBefore, strikesAfter);
    evidence.count("rail_executions", strikesAfter.get("total").asLong() - strikesBefore.get("total").asLong())
        .count("second_executions", executed.values().stream().mapToLong(n -> Math.max(0, n - 1)).sum())
        .check("INV_ONCE", executed.keySet().equals(railKeys) && executed.values().stream().allMatch(n -> n == 1));
    assertStrikeDelta(strikesBefore, strikesAfter, railKeys);

    // 6. The audit trail: one outcome per engine answer; ACCEPTED exactly where a client got the original.
    long answered2xx = all.stream().filter(Observed::ok).count();
    try (Connection db = cluster.database()) {
      Map<String, Long> outcomes = awaitOutcomes(db, Set.copyOf(instructionOwner.keySet()), answered2xx);
      Map<String, Long> byOutcome = new TreeMap<>();
      outcomes.forEach((k, v) -> byOutcome.merge(k.substring(k.indexOf('/') + 1), v, Long::sum));
      log("retry storm (%s): recorded outcomes %s", label, byOutcome);
      evidence.count("accepted_outcomes", byOutcome.getOrDefault("ACCEPTED", 0L))
          .count("replays_recorded", byOutcome.entrySet().stream().filter(e -> e.getKey().startsWith("REPLAYED")).mapToLong(Map.Entry::getValue).sum());
      for (int k = 0; k < STORM_KEYS; k++) {
        long accepted = outcomes.getOrDefault(ids[k] + "/ACCEPTED", 0L);
        if (accepted > 1) problems.add("instruction " + ids[k] + " has " + accepted + " ACCEPTED outcomes");
        if (accepted != originals.getOrDefault(k, 0L))
          problems.add("instruction " + ids[k] + ": " + accepted + " ACCEPTED outcomes, " + originals.getOrDefault(k, 0L) + " non-replayed 2xx answers");
      }
      long replayedOrAccepted = outcomes.entrySet().stream().filter(e -> e.getKey().endsWith("/ACCEPTED") || e.getKey().contains("/REPLAYED")).mapToLong(Map.Entry::getValue).sum();
      if (replayedOrAccepted != answered2xx) problems.add(replayedOrAccepted + " ACCEPTED/REPLAYED outcomes for " + answered2xx + " 2xx answers: " + byOutcome);
      assertTrue(problems.isEmpty(), "retry storm (" + label + ") audit trail:\n" + String.join("\n", problems));
    }
  }

  private static Observed send(EdgeApi edge, int edgeIndex, String token, int key, String idempotencyKey, String body) {
    try {
      return new Observed(key, edgeIndex, edge.submit(token, idempotencyKey, body), null);
    } catch (CompletionException e) {
      return new Observed(key, edgeIndex, null, String.valueOf(e.getCause()));
    }
  }

  // ---- the second node -------------------------------------------------------------------------------------

  private void ensureTwoNodes() throws Exception {
    if (cluster.hasB()) return;
    long t = System.nanoTime();
    NodeProcess b = cluster.startB(Map.of());
    log("node-b up in %d ms (pid %d), log %s", Await.millisSince(t), b.pid(), b.log());
    JsonNode members = cluster.awaitMembersUp(CLUSTER_UP);
    log("two members Up %d ms after node-b started: %s", Await.millisSince(t), members.path("members"));
    warmUp(List.of(cluster.edgeA(), cluster.edgeB()));
    log("both edges serve %d ms after node-b started", Await.millisSince(t));
  }

  /**
   * Members Up is not yet a cluster that serves: right after the join, a submission routed through the new member's
   * shard region may wait out the engine's timeout (one CI run had all 50 copies of the double tap answered 503). One
   * instruction of a participant of its own through each edge, resubmitted on a 503 with the same key, then settled,
   * so that the tests measure duplicates, not the join. tap-duo keeps sequence id 1.
   */
  private void warmUp(List<EdgeApi> edges) throws Exception {
    Participant p = participants.get(WARM_DUO);
    String token = cluster.edgeA().token(p.clientId(), p.clientSecret());
    Map<String, String> owners = new LinkedHashMap<>();
    for (int i = 0; i < edges.size(); i++) {
      EdgeApi edge = edges.get(i);
      String key = "warm-" + run + "-" + i;
      Await.until("a submission through edge " + i + " answered 2xx", CLUSTER_UP, () -> {
        int status = edge.submit(token, key, TAP_BODY).status();
        return status == 200 || status == 202;
      });
      owners.put(InstructionId.derive(WARM_DUO, key), WARM_DUO);
    }
    awaitSucceeded(cluster.edgeA(), Map.of(WARM_DUO, token), owners);
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  /** Polls {@code GET /v1/instructions/{id}} (all at once) until every instruction is SUCCEEDED; returns the final views. */
  private static Map<String, JsonNode> awaitSucceeded(EdgeApi api, Map<String, String> tokens, Map<String, String> instructionOwner) {
    Map<String, String> status = new TreeMap<>();
    Map<String, JsonNode> views = new LinkedHashMap<>();
    Await.until(
        instructionOwner.size() + " instruction(s) SUCCEEDED",
        SUCCEEDED_WITHIN,
        () -> {
          Map<String, CompletableFuture<EdgeApi.Answer>> pending = new LinkedHashMap<>();
          instructionOwner.forEach((id, participant) -> pending.put(id, api.instructionAsync(tokens.get(participant), id)));
          for (Map.Entry<String, CompletableFuture<EdgeApi.Answer>> e : pending.entrySet()) {
            EdgeApi.Answer answer;
            try {
              answer = e.getValue().join();
            } catch (CompletionException ex) {
              status.put(e.getKey(), String.valueOf(ex.getCause()));
              continue;
            }
            if (answer.status() != 200) {
              status.put(e.getKey(), "HTTP " + answer.status());
              continue;
            }
            JsonNode view = answer.json();
            views.put(e.getKey(), view);
            status.put(e.getKey(), view.get("status").asText());
            if (TERMINAL.contains(view.get("status").asText()) && !"SUCCEEDED".equals(view.get("status").asText()))
              fail("instruction ended other than SUCCEEDED: " + view);
          }
          return status.size() == instructionOwner.size() && status.values().stream().allMatch("SUCCEEDED"::equals);
        },
        () -> "statuses: " + status.values().stream().collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting())));
    return views;
  }

  /** Executions per rail key that the strike ledger gained between the two readings. */
  private static Map<String, Integer> strikeDelta(JsonNode before, JsonNode after) {
    Map<String, Integer> changed = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : after.get("references").properties()) {
      int delta = e.getValue().asInt() - before.path("references").path(e.getKey()).asInt(0);
      if (delta != 0) changed.put(e.getKey(), delta);
    }
    return changed;
  }

  /** The strike ledger gained exactly {@code railKeys}, each executed once; nothing else changed. */
  private static void assertStrikeDelta(JsonNode before, JsonNode after, Set<String> railKeys) {
    Map<String, Integer> changed = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : after.get("references").properties()) {
      int was = before.path("references").path(e.getKey()).asInt(0);
      if (e.getValue().asInt() != was) changed.put(e.getKey(), e.getValue().asInt() - was);
    }
    Map<String, Integer> notOnce =
        changed.entrySet().stream().filter(e -> e.getValue() != 1 || before.path("references").has(e.getKey())).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertTrue(notOnce.isEmpty(), "INV-ONCE: rail keys executed other than once: " + notOnce);
    assertEquals(railKeys, changed.keySet(), "rail keys newly executed vs the instructions' rail keys");
    assertEquals(railKeys.size(), after.get("total").asLong() - before.get("total").asLong(), "strike total grew by: before " + before.get("total") + ", after " + after.get("total"));
  }

  /**
   * Polls attestation_outcome until the given instructions have at least {@code atLeast} ACCEPTED/REPLAYED rows (outcomes
   * are recorded asynchronously); returns every outcome row count by "instructionId/outcome".
   */
  private static Map<String, Long> awaitOutcomes(Connection db, Set<String> instructionIds, long atLeast) {
    Map<String, Long> outcomes = new TreeMap<>();
    Await.until(
        atLeast + " ACCEPTED/REPLAYED outcomes recorded",
        OUTCOMES_RECORDED,
        () -> {
          outcomes.clear();
          try (PreparedStatement st =
              db.prepareStatement("SELECT instruction_id, outcome, count(*) FROM attestation_outcome WHERE instruction_id = ANY (?) GROUP BY 1, 2")) {
            st.setArray(1, db.createArrayOf("text", instructionIds.toArray()));
            try (ResultSet rs = st.executeQuery()) {
              while (rs.next()) outcomes.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
            }
          }
          long n = outcomes.entrySet().stream().filter(e -> e.getKey().endsWith("/ACCEPTED") || e.getKey().contains("/REPLAYED")).mapToLong(Map.Entry::getValue).sum();
          return n >= atLeast;
        },
        () -> "outcomes so far: " + outcomes);
    return outcomes;
  }

  /** Row counts by "col1/col2" of a two-column GROUP BY query. */
  private static Map<String, Long> counts(Connection db, String sql, String... params) throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    try (PreparedStatement st = db.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) st.setString(i + 1, params[i]);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) counts.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
      }
    }
    return counts;
  }

  private static String tally(List<EdgeApi.Answer> answers) {
    return answers.stream()
        .collect(Collectors.groupingBy(a -> a.status() + (a.replayed() ? " replayed" : ""), TreeMap::new, Collectors.counting()))
        .toString();
  }

  /** A distinct, valid instruction body per key; MSISDNs never end with the simulator's failing suffix 0000. */
  private static String body(int k) {
    ObjectNode body = EdgeApi.JSON.createObjectNode();
    body.putObject("amount").put("value", String.format("%d.%02d", 10 + k, k % 100)).put("currency", "ZMW");
    body.putObject("creditor").put("msisdn", String.format("+26096123%04d", 1001 + k));
    body.put("reference", "INV-STORM-" + k);
    return body.toString();
  }

  /** ERROR and WARN lines of a node's log, for the report (the test does not fail on them). */
  private static void logErrors(NodeProcess node) {
    if (node == null) return;
    try {
      List<String> lines = Files.readAllLines(node.log(), StandardCharsets.UTF_8);
      List<String> errors = lines.stream().filter(l -> l.contains(" ERROR ") || l.startsWith("[ERROR]")).toList();
      List<String> warns = lines.stream().filter(l -> l.contains(" WARN ") || l.startsWith("[WARN]")).toList();
      log("%s log: %d ERROR, %d WARN lines%s", node.name(), errors.size(), warns.size(),
          Stream.concat(errors.stream().limit(10), warns.stream().limit(10)).map(l -> "\n  " + l).collect(Collectors.joining()));
    } catch (IOException e) {
      log("%s log unreadable: %s", node.name(), e);
    }
  }

  private static void log(String format, Object... args) {
    System.out.println(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME) + " " + String.format(format, args));
  }
}
