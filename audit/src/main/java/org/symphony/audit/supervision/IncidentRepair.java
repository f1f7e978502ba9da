package org.symphony.audit.supervision;

/**
 * How incidents of one kind are being repaired: how many are open, how many ended, and the mean and the longest
 * time from detection to repair (MTTR, in seconds; null while none ended).
 */
public record IncidentRepair(String kind, long open, long resolved, Double meanSeconds, Double maxSeconds) {}
