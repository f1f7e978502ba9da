package org.symphony.node.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the submission phase saw.
 *
 * @param answers per planned instruction's index, the final answer of each copy
 * @param responsesByStatus every HTTP answer of every try, by status
 * @param acceptLatencyNanos the round trip of every try answered 202
 */
public record SubmissionOutcome(
    Map<Integer, List<CopyAnswer>> answers,
    Map<Integer, Long> responsesByStatus,
    long unanswered,
    long retries503,
    Map<String, Long> codes503,
    long retriesUnanswered,
    long tokenRefreshes,
    long[] acceptLatencyNanos,
    Duration duration) {}
