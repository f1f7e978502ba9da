package org.symphony.audit.reconcile;

import java.time.Instant;

/** What one reconciliation cycle found and did. */
public record CycleReport(
    Instant at, int accountedByInstruction, int accountedByRetry, int ghostsOpened, int ghostsFixed, int voidsRecorded,
    int holesOpen, int zombiesWoken, int zombiesRepaired, int interventionsOpened) {}
