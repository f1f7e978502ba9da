package org.symphony.node.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A scenario run's results as one JSON document (what the evidence file's {@code measured} holds) and its checks:
 * INV_ONCE, INV_TERMINAL (every accepted instruction ended; UNKNOWN_OUTCOME counts, with its incident, and is
 * listed) and no_5xx (no 5xx other than the 503 of back-pressure).
 */
public record ScenarioResult(ObjectNode measured, Map<String, Boolean> checks) {

  /** How many ids a list in the results shows at most; counts are always complete. */
  static final int SAMPLE = 50;

  public boolean passed() {
    return checks.values().stream().allMatch(Boolean::booleanValue);
  }

  static ScenarioResult of(
      ScenarioPlan plan, SubmissionOutcome submitted, Map<String, PlannedInstruction> accepted, SettleOutcome settled,
      Set<String> unknownWithIncident, OnceCheck once) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode m = f.objectNode();
    m.put("scenario", plan.name());
    m.put("seed", plan.seed());
    m.put("run_tag", plan.runTag());
    m.put("instructions", plan.instructions().size());
    ArrayNode participants = m.putArray("participants");
    plan.participants().forEach(participants::add);
    m.set("faults", plan.faults().toJson());
    m.put("single_cap_minor_zmw", plan.singleCapMinor());
    ObjectNode planned = m.putObject("planned");
    for (InstructionKind k : InstructionKind.values()) planned.put(k.name().toLowerCase(java.util.Locale.ROOT), plan.count(k));

    // ---- submission ---------------------------------------------------------------------------------------
    long copies = plan.instructions().stream().mapToLong(PlannedInstruction::copies).sum();
    m.put("submitted", copies);
    ObjectNode statuses = m.putObject("http_status_counts");
    submitted.responsesByStatus().forEach((s, n) -> statuses.put(Integer.toString(s), n));
    m.put("unanswered_requests", submitted.unanswered());
    m.set("codes_503", json(submitted.codes503()));
    m.putObject("retries")
        .put("after_503", submitted.retries503())
        .put("after_no_answer", submitted.retriesUnanswered())
        .put("token_refreshes", submitted.tokenRefreshes());
    Map<String, Long> finalStatuses = new TreeMap<>();
    Map<String, Long> rejectedByCode = new TreeMap<>();
    long replayedDuplicates = 0;
    long replayedAfterRetry = 0;
    long limitRejected = 0;
    ArrayNode unexpected = f.arrayNode();
    long unexpectedCount = 0;
    for (PlannedInstruction p : plan.instructions()) {
      List<CopyAnswer> answers = submitted.answers().getOrDefault(p.index(), List.of());
      for (CopyAnswer a : answers) {
        finalStatuses.merge(a.status() == 0 ? "unanswered" : Integer.toString(a.status()), 1L, Long::sum);
        if (a.status() >= 400) rejectedByCode.merge(a.code().isEmpty() ? Integer.toString(a.status()) : a.code(), 1L, Long::sum);
        if (a.replayed() && p.kind() == InstructionKind.DOUBLE_TAP) replayedDuplicates++;
        else if (a.replayed()) replayedAfterRetry++;
      }
      if (p.kind() == InstructionKind.OVER_LIMIT && answers.stream().anyMatch(a -> "LIMIT_SINGLE".equals(a.code()))) limitRejected++;
      if (!asPlanned(p, answers)) {
        unexpectedCount++;
        if (unexpected.size() < SAMPLE)
          unexpected.add(p.idempotencyKey() + " (" + p.kind() + "): " + answers.stream().map(a -> a.status() + (a.code().isEmpty() ? "" : " " + a.code())).toList());
      }
    }
    m.set("final_http_status_counts", json(finalStatuses));
    m.put("accepted", accepted.size());
    m.put("replayed_duplicates", replayedDuplicates);
    m.put("replayed_after_retry", replayedAfterRetry);
    m.put("rejected_over_limit", limitRejected);
    m.set("rejected_by_code", json(rejectedByCode));
    m.put("answers_not_as_planned", unexpectedCount);
    m.set("answers_not_as_planned_sample", unexpected);
    long[] latencies = submitted.acceptLatencyNanos();
    m.putObject("accept_latency_ms")
        .put("count", latencies.length)
        .put("p50", millis(percentile(latencies, 0.50)))
        .put("p99", millis(percentile(latencies, 0.99)))
        .put("max", millis(latencies.length == 0 ? 0 : latencies[latencies.length - 1]));

    // ---- settlement ---------------------------------------------------------------------------------------
    Map<String, Long> finalStates = new TreeMap<>();
    Map<String, Long> failureCodes = new TreeMap<>();
    ArrayNode unknownIds = f.arrayNode();
    long unknown = 0;
    long terminal = 0;
    for (var e : new TreeMap<>(settled.ended()).entrySet()) {
      String status = e.getValue().path("status").asText();
      finalStates.merge(status, 1L, Long::sum);
      String code = e.getValue().path("failureCode").asText("");
      if (!code.isEmpty()) failureCodes.merge(code, 1L, Long::sum);
      if ("UNKNOWN_OUTCOME".equals(status)) {
        unknown++;
        if (unknownIds.size() < SAMPLE) unknownIds.add(e.getKey());
      } else terminal++;
    }
    m.set("final_states", json(finalStates));
    m.set("failure_codes", json(failureCodes));
    m.put("accepted_terminal", terminal);
    m.put("unknown_outcome", unknown);
    m.set("unknown_outcome_ids", unknownIds);
    m.put("unknown_outcome_with_incident", unknownWithIncident.size());
    m.put("not_ended", settled.open().size());
    ObjectNode openSample = m.putObject("not_ended_sample");
    new TreeMap<>(settled.open()).entrySet().stream().limit(SAMPLE).forEach(e -> openSample.put(e.getKey(), e.getValue()));

    // ---- rails --------------------------------------------------------------------------------------------
    ObjectNode executions = m.putObject("rail_executions");
    once.executionsByRail().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> executions.put(e.getKey(), e.getValue()));
    m.put("once_violations", once.violations().size());
    ArrayNode violations = m.putArray("once_violations_sample");
    once.violations().stream().limit(SAMPLE).forEach(violations::add);

    // ---- times and identity -------------------------------------------------------------------------------
    m.putObject("durations_seconds")
        .put("submit_phase", seconds(submitted.duration().toNanos()))
        .put("settle_phase", seconds(settled.duration().toNanos()));
    m.putObject("accepted_ids").put("count", accepted.size()).put("sha256", sha256OfSorted(accepted.keySet()));

    long server5xx = submitted.responsesByStatus().entrySet().stream()
        .filter(e -> e.getKey() >= 500 && e.getKey() != 503).mapToLong(Map.Entry::getValue).sum();
    m.put("server_errors_5xx", server5xx);
    Map<String, Boolean> checks = new TreeMap<>();
    checks.put("INV_ONCE", once.held());
    checks.put("INV_TERMINAL", settled.open().isEmpty() && settled.ended().keySet().containsAll(accepted.keySet())
        && unknownWithIncident.size() == unknown);
    checks.put("no_5xx", server5xx == 0);
    return new ScenarioResult(m, Map.copyOf(checks));
  }

  /** Whether the edge answered as the plan says it must (every copy). */
  private static boolean asPlanned(PlannedInstruction p, List<CopyAnswer> answers) {
    if (answers.size() != p.copies()) return false;
    return switch (p.kind()) {
      case NORMAL, DOUBLE_TAP -> answers.stream().allMatch(CopyAnswer::accepted);
      case INVALID -> answers.stream().allMatch(a -> a.status() == 400);
      case OVER_LIMIT -> answers.stream().allMatch(a -> a.status() == 422 && "LIMIT_SINGLE".equals(a.code()));
    };
  }

  /** SHA-256 (hex) of the ids sorted and joined with "\n": the same set of accepted instructions gives the same hash. */
  public static String sha256OfSorted(Set<String> ids) {
    return org.symphony.audit.evidence.Sha256.hex(String.join("\n", new java.util.TreeSet<>(ids)));
  }

  /** The nearest-rank percentile of sorted values; 0 when there are none. */
  static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) return 0;
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }

  private static double seconds(long nanos) {
    return Math.round(nanos / 1e6) / 1000.0;
  }

  private static JsonNode json(Map<String, Long> counts) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    counts.forEach(node::put);
    return node;
  }
}
