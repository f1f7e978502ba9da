package org.symphony.audit.partition;

import java.time.Instant;

/**
 * A detached partition and its manifest (a row of attestation_archive). The table still exists under
 * {@code partitionName}; {@code rowsSha256} is defined in audit/CHAIN.md, "Archive".
 */
public record ArchivedPartition(String partitionName, Instant rangeStart, Instant rangeEnd, long rowCount, String rowsSha256) {}
