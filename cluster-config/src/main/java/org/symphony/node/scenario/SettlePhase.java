package org.symphony.node.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Faults are off: reads every accepted instruction as its participant (GET /v1/instructions/{id}) until it ends, in
 * rounds over the ones still open, until all have ended or settle-timeout has passed.
 */
final class SettlePhase {

  /** Where an instruction ends; UNKNOWN_OUTCOME ends too, as it waits for an operator with its incident. */
  static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "REJECTED", "UNKNOWN_OUTCOME");

  private final ScenarioHttp http;
  private final TokenBook tokens;
  private final ScenarioSettings settings;
  private final ScenarioProgress progress;

  SettlePhase(ScenarioHttp http, TokenBook tokens, ScenarioSettings settings, ScenarioProgress progress) {
    this.http = http;
    this.tokens = tokens;
    this.settings = settings;
    this.progress = progress;
  }

  SettleOutcome run(Map<String, PlannedInstruction> accepted) throws Exception {
    long start = System.nanoTime();
    long deadline = start + settings.settleTimeout().toNanos();
    Map<String, JsonNode> ended = new ConcurrentHashMap<>();
    Map<String, String> last = new ConcurrentHashMap<>();
    while (true) {
      List<PlannedInstruction> open = accepted.entrySet().stream().filter(e -> !ended.containsKey(e.getKey())).map(Map.Entry::getValue).toList();
      if (open.isEmpty() || System.nanoTime() > deadline) {
        Map<String, String> stillOpen = new HashMap<>();
        for (PlannedInstruction p : open) stillOpen.put(p.instructionId(), last.getOrDefault(p.instructionId(), "?"));
        return new SettleOutcome(ended, stillOpen, Duration.ofNanos(System.nanoTime() - start));
      }
      Semaphore reads = new Semaphore(settings.pollConcurrency());
      List<CompletableFuture<?>> round = new ArrayList<>();
      for (PlannedInstruction p : open) {
        reads.acquire();
        String token = tokens.token(p.participant());
        round.add(http.instruction(token, p.instructionId())
            .thenAccept(r -> {
              if (r.statusCode() == 401) refresh(p.participant(), token);
              if (r.statusCode() != 200) return; // 503 while busy: read again next round
              JsonNode view = read(r.body());
              if (view == null) return;
              String status = view.path("status").asText("?");
              last.put(p.instructionId(), status);
              if (ENDED.contains(status)) {
                ended.put(p.instructionId(), view);
                progress.step();
              }
            })
            .whenComplete((ok, e) -> reads.release()));
      }
      // Every read is bounded by request-timeout; an error is a read to try again.
      CompletableFuture.allOf(round.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
          .get(settings.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
      if (ended.size() < accepted.size()) LockSupport.parkNanos(settings.pollInterval().toNanos());
    }
  }

  private void refresh(String participant, String stale) {
    try {
      tokens.refresh(participant, stale);
    } catch (Exception e) {
      // read again next round; the deadline bounds it
    }
  }

  private static JsonNode read(String body) {
    try {
      return ScenarioHttp.JSON.readTree(body);
    } catch (Exception e) {
      return null;
    }
  }
}
