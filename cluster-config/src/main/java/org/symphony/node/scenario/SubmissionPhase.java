package org.symphony.node.scenario;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Sends every planned instruction (both copies of a double tap at the same moment) with at most
 * submit-concurrency in flight. A 503 or an unanswered try is sent again with the same Idempotency-Key and body,
 * at most max-submit-tries times; a 401 fetches a new token first (a limit change outdates older tokens).
 */
final class SubmissionPhase {

  private static final String REPLAYED_HEADER = "Idempotent-Replayed";
  private static final long JITTER_MS = 250;

  private final ScenarioHttp http;
  private final TokenBook tokens;
  private final ScenarioSettings settings;
  private final ScenarioProgress progress;
  private final Map<Integer, List<CopyAnswer>> answers = new ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> responses = new ConcurrentHashMap<>();
  private final LongAdder unanswered = new LongAdder();
  private final LongAdder retries503 = new LongAdder();
  private final Map<String, LongAdder> codes503 = new ConcurrentHashMap<>();
  private final LongAdder retriesUnanswered = new LongAdder();
  private final LongAdder tokenRefreshes = new LongAdder();
  private final ConcurrentLinkedQueue<Long> acceptLatencies = new ConcurrentLinkedQueue<>();

  SubmissionPhase(ScenarioHttp http, TokenBook tokens, ScenarioSettings settings, ScenarioProgress progress) {
    this.http = http;
    this.tokens = tokens;
    this.settings = settings;
    this.progress = progress;
  }

  SubmissionOutcome run(List<PlannedInstruction> plan) throws Exception {
    long start = System.nanoTime();
    Semaphore inFlight = new Semaphore(settings.submitConcurrency());
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (PlannedInstruction p : plan) {
      int copies = Math.min(p.copies(), settings.submitConcurrency());
      inFlight.acquire(copies); // both copies of a double tap leave together
      for (int c = 0; c < p.copies(); c++) {
        CompletableFuture<Void> copy = attempt(p, 1).thenAccept(answer -> {
          answers.computeIfAbsent(p.index(), i -> Collections.synchronizedList(new ArrayList<>())).add(answer);
          progress.step();
        });
        if (c < copies) copy = copy.whenComplete((ok, e) -> inFlight.release());
        all.add(copy);
      }
    }
    // Each copy is bounded by its tries; this only guards against a lost completion.
    Duration bound = settings.requestTimeout().plus(settings.maxRetryWait()).multipliedBy(settings.maxSubmitTries()).plusMinutes(1);
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(bound.toMillis(), TimeUnit.MILLISECONDS);
    Map<Integer, Long> byStatus = new TreeMap<>();
    responses.forEach((status, n) -> byStatus.put(status, n.sum()));
    long[] latencies = acceptLatencies.stream().mapToLong(Long::longValue).sorted().toArray();
    Map<String, Long> byCode = new TreeMap<>();
    codes503.forEach((code, n) -> byCode.put(code.isEmpty() ? "none" : code, n.sum()));
    return new SubmissionOutcome(Map.copyOf(answers), byStatus, unanswered.sum(), retries503.sum(), byCode, retriesUnanswered.sum(),
        tokenRefreshes.sum(), latencies, Duration.ofNanos(System.nanoTime() - start));
  }

  private CompletableFuture<CopyAnswer> attempt(PlannedInstruction p, int attempt) {
    String token = tokens.token(p.participant());
    long sent = System.nanoTime();
    return http.submit(token, p.idempotencyKey(), p.body())
        .handle((response, error) -> {
          if (error != null) {
            unanswered.increment();
            if (attempt >= settings.maxSubmitTries()) return done(new CopyAnswer(0, "", false, "", attempt));
            retriesUnanswered.increment();
            return later(settings.unansweredRetryWait(), () -> attempt(p, attempt + 1));
          }
          int status = response.statusCode();
          responses.computeIfAbsent(status, s -> new LongAdder()).increment();
          if (status == 202) acceptLatencies.add(System.nanoTime() - sent);
          if (status == 503) codes503.computeIfAbsent(ScenarioHttp.problemCode(response.body()), c -> new LongAdder()).increment();
          if (status == 503 && attempt < settings.maxSubmitTries()) {
            retries503.increment();
            return later(retryAfter(response), () -> attempt(p, attempt + 1));
          }
          if (status == 401 && attempt < settings.maxSubmitTries()) {
            tokenRefreshes.increment();
            return CompletableFuture.supplyAsync(() -> {
              try {
                tokens.refresh(p.participant(), token);
              } catch (Exception e) {
                // the next try answers 401 again and ends as such once the tries are spent
              }
              return attempt(p, attempt + 1);
            }).thenCompose(f -> f);
          }
          return done(answer(response, attempt));
        })
        .thenCompose(f -> f);
  }

  private static CopyAnswer answer(HttpResponse<String> response, int attempt) {
    String code = "";
    String instructionId = "";
    try {
      var json = ScenarioHttp.JSON.readTree(response.body());
      code = response.statusCode() >= 400 ? json.path("code").asText("") : "";
      instructionId = json.path("instructionId").asText("");
    } catch (Exception e) {
      code = response.statusCode() >= 400 ? "unparseable" : "";
    }
    boolean replayed = response.headers().firstValue(REPLAYED_HEADER).map("true"::equalsIgnoreCase).orElse(false);
    return new CopyAnswer(response.statusCode(), code, replayed, instructionId, attempt);
  }

  private Duration retryAfter(HttpResponse<String> response) {
    long seconds = response.headers().firstValue("Retry-After").flatMap(SubmissionPhase::seconds).orElse(1L);
    Duration wait = Duration.ofSeconds(seconds);
    if (wait.compareTo(settings.maxRetryWait()) > 0) wait = settings.maxRetryWait();
    // Jitter only spreads the retries; it takes no part in the plan.
    return wait.plusMillis(ThreadLocalRandom.current().nextLong(JITTER_MS));
  }

  private static java.util.Optional<Long> seconds(String header) {
    try {
      return java.util.Optional.of(Math.max(0, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  private static <T> CompletableFuture<T> later(Duration wait, Supplier<CompletableFuture<T>> next) {
    return CompletableFuture.supplyAsync(next, CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS)).thenCompose(f -> f);
  }
}
