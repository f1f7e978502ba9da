package org.symphony.audit.verify;

/**
 * What was checked of one node's chain. headSeq/headHash are the last row read (0 and null for none).
 * {@code complete} is false when the scan stopped early after too many breaks.
 */
public record NodeSummary(String nodeId, long rowsChecked, long headSeq, String headHash, long checkpointsChecked,
    int breaks, boolean complete) {}
