package org.symphony.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * One participant's load on a node whose database goes away (killed, stopped, disk full): submissions through the
 * edge, a tally of what they were answered, and the wait for every accepted instruction to reach a final state.
 * Shared by the database outage tests so they judge answers the same way: 202, or 503 with Retry-After, nothing else.
 */
final class OutageLoad {

  static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "REJECTED");
  private static final String MSISDN = "+260961234567";
  /** A request that got no HTTP answer at all (connection refused or reset, timeout). */
  static final int NO_ANSWER = -1;

  private final EdgeClient edge;
  private final String edgeUrl;
  private final String token;
  private final String readyUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<Integer, Integer> statuses = new TreeMap<>();
  private final Map<String, Integer> refusalCodes = new TreeMap<>();
  private int refusedWithoutRetryAfter;
  private boolean sawNotReady;

  OutageLoad(SymphonyNode node) throws IOException, InterruptedException {
    this.edgeUrl = node.edgeUrl();
    this.edge = new EdgeClient(edgeUrl);
    this.token = edge.token(node.credentials().participants().get(0));
    this.readyUrl = node.managementUrl().replaceAll("/$", "") + "/ready";
  }

  /** One answer as the participant saw it, and when (epoch millis, to line up with log events). */
  record Answer(int status, boolean retryAfter, String instructionId, String code, long answeredAtMillis) {
    boolean accepted() {
      return status == 202;
    }

    boolean cleanRefusal() {
      return status == 503 && retryAfter;
    }
  }

  /** Submits {@code n} instructions at once (keys prefix-0 … prefix-(n-1)); the caller collects them. */
  List<CompletableFuture<HttpResponse<String>>> fire(String prefix, int n) {
    List<CompletableFuture<HttpResponse<String>>> wave = new ArrayList<>(n);
    for (int i = 0; i < n; i++) wave.add(edge.submit(token, prefix + "-" + i, EdgeClient.body("1.00", MSISDN, prefix + i)));
    return wave;
  }

  /** Waits for every answer of a wave, tallies them, and returns them in order. */
  List<Answer> collect(List<CompletableFuture<HttpResponse<String>>> wave) throws InterruptedException {
    List<Answer> answers = new ArrayList<>(wave.size());
    for (var f : wave) {
      try {
        answers.add(tally(f.get()));
      } catch (ExecutionException e) {
        answers.add(tally(null));
      }
    }
    return answers;
  }

  /** Submits one instruction and waits for its answer (tallied). */
  Answer submitOne(String idempotencyKey) throws InterruptedException {
    return collect(List.of(edge.submit(token, idempotencyKey, EdgeClient.body("1.00", MSISDN, "S")))).get(0);
  }

  /**
   * Submits one at a time (keys prefix-0, prefix-1, …, also looking at readiness each time) until {@code done} holds
   * for the answers so far, or the deadline; returns every answer in order.
   */
  List<Answer> until(Duration deadline, String prefix, java.util.function.Predicate<List<Answer>> done)
      throws InterruptedException {
    List<Answer> answers = new ArrayList<>();
    long end = System.nanoTime() + deadline.toNanos();
    while (!done.test(answers) && System.nanoTime() < end) {
      if (ready() != 200) sawNotReady = true;
      answers.add(submitOne(prefix + "-" + answers.size()));
    }
    return answers;
  }

  /**
   * {@code clients} participants' connections submitting one at a time each (keys prefix-client-n), in the background
   * until {@link Clients#stop}: load that keeps flowing while the test injects a fault.
   */
  Clients clients(int clients, String prefix) {
    return new Clients(clients, prefix);
  }

  /** Background submitters; {@link #stop} ends them and returns every answer they got, in answer order. */
  final class Clients {
    private final java.util.concurrent.ExecutorService pool;
    private final List<Answer> answers = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    private Clients(int clients, String prefix) {
      pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
      for (int c = 0; c < clients; c++) {
        String key = prefix + "-" + c + "-";
        pool.execute(() -> {
          for (int n = 0; running && !Thread.currentThread().isInterrupted(); n++) {
            try {
              answers.add(submitOne(key + n));
            } catch (InterruptedException e) {
              return;
            }
          }
        });
      }
    }

    /** The answers so far. */
    List<Answer> answers() {
      synchronized (answers) {
        return List.copyOf(answers);
      }
    }

    List<Answer> stop() throws InterruptedException {
      running = false;
      pool.shutdown();
      if (!pool.awaitTermination(3, java.util.concurrent.TimeUnit.MINUTES)) pool.shutdownNow();
      return answers();
    }
  }

  /** Every answer counted so far, by HTTP status ({@link #NO_ANSWER} for none). */
  synchronized Map<Integer, Integer> statuses() {
    return Map.copyOf(statuses);
  }

  /** The problem codes of the 503s counted so far. */
  synchronized Map<String, Integer> refusalCodes() {
    return Map.copyOf(refusalCodes);
  }

  synchronized int refused503() {
    return statuses.getOrDefault(503, 0);
  }

  /** Answers that were neither 202 nor a clean 503 (with Retry-After): a 500, a 4xx, no answer at all. */
  synchronized int otherStatuses() {
    int other = 0;
    for (var e : statuses.entrySet()) if (e.getKey() != 202 && e.getKey() != 503) other += e.getValue();
    return other + refusedWithoutRetryAfter;
  }

  boolean sawNotReady() {
    return sawNotReady;
  }

  int ready() {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(readyUrl)).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return NO_ANSWER;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NO_ANSWER;
    }
  }

  /** Where the accepted instructions ended up: {@code lost} are unknown to the node (404), {@code open} not final. */
  record Settlement(Map<String, Integer> byStatus, List<String> lost, List<String> open) {
    boolean allTerminal() {
      return lost.isEmpty() && open.isEmpty();
    }
  }

  /** Polls the accepted instructions until every one is final, or the deadline; then says where each stands. */
  Settlement settle(Collection<String> accepted, Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    Settlement s = look(accepted);
    while (!s.allTerminal() && System.nanoTime() < end) {
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
      s = look(accepted);
    }
    return s;
  }

  private Settlement look(Collection<String> ids) throws InterruptedException {
    Map<String, Integer> byStatus = new TreeMap<>();
    List<String> lost = new ArrayList<>();
    List<String> open = new ArrayList<>();
    for (String id : ids) {
      String status = status(id);
      byStatus.merge(status, 1, Integer::sum);
      if ("NOT_FOUND".equals(status)) lost.add(id);
      else if (!TERMINAL.contains(status)) open.add(id);
    }
    return new Settlement(byStatus, lost, open);
  }

  /** The instruction's status, NOT_FOUND when the node does not know it, UNANSWERED when it could not say. */
  private String status(String id) throws InterruptedException {
    try {
      var response = http.send(HttpRequest.newBuilder(URI.create(edgeUrl + "/v1/instructions/" + id))
          .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) return "NOT_FOUND";
      if (response.statusCode() != 200) return "UNANSWERED";
      return EdgeClient.JSON.readTree(response.body()).get("status").asText();
    } catch (IOException e) {
      return "UNANSWERED";
    }
  }

  /** The accepted instruction ids among some answers. */
  static List<String> acceptedIds(Collection<Answer> answers) {
    return answers.stream().filter(Answer::accepted).map(Answer::instructionId).toList();
  }

  /** The 503s among some answers, by problem code. */
  static Map<String, Integer> refusalCodes(Collection<Answer> answers) {
    Map<String, Integer> codes = new TreeMap<>();
    for (Answer a : answers) if (a.status() == 503) codes.merge(a.code() == null ? "(none)" : a.code(), 1, Integer::sum);
    return codes;
  }

  /** A summary for failure messages and evidence: statuses, refusal codes, readiness. */
  synchronized Map<String, Object> summary() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("statuses", statuses());
    s.put("refusal_codes", refusalCodes());
    s.put("refused_without_retry_after", refusedWithoutRetryAfter);
    s.put("saw_not_ready", sawNotReady);
    return s;
  }

  private synchronized Answer tally(HttpResponse<String> r) {
    if (r == null) {
      statuses.merge(NO_ANSWER, 1, Integer::sum);
      return new Answer(NO_ANSWER, false, null, null, System.currentTimeMillis());
    }
    statuses.merge(r.statusCode(), 1, Integer::sum);
    boolean retryAfter = r.headers().firstValue("Retry-After").isPresent();
    String id = null;
    String code = null;
    JsonNode json = parse(r.body());
    if (json != null) {
      id = json.hasNonNull("instructionId") ? json.get("instructionId").asText() : null;
      code = json.hasNonNull("code") ? json.get("code").asText() : null;
    }
    if (r.statusCode() == 503) {
      refusalCodes.merge(code == null ? "(none)" : code, 1, Integer::sum);
      if (!retryAfter) refusedWithoutRetryAfter++;
    }
    return new Answer(r.statusCode(), retryAfter, id, code, System.currentTimeMillis());
  }

  private static JsonNode parse(String body) {
    try {
      return EdgeClient.JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
