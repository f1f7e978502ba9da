package org.symphony.audit.attest;

/** Counters of one attestor since it started, for metrics and tests. */
public record AttestorStats(
    long committedBatches,
    long committedRows,
    long failedBatches,
    long refusedQueueFull,
    long timedOut,
    long refusedClockBackwards,
    long lateCommits,
    int queued) {}
