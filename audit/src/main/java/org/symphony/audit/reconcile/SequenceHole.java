package org.symphony.audit.reconcile;

/** Missing sequence ids first..last of a participant, with the ids on either side (before is 0 at the start). */
public record SequenceHole(String participantId, long first, long last, long before, long after) {}
