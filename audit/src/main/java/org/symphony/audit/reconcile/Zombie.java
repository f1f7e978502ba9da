package org.symphony.audit.reconcile;

import java.time.Instant;

/** An instruction with no recorded progress since {@code since}. */
public record Zombie(String instructionId, String participantId, String status, Instant since) {}
