package org.symphony.audit.reconcile;

import java.time.Instant;

/** A sequence id the participant closed as VOID (from its journal), with the reason it gave. */
public record VoidedSequence(String participantId, long sequenceId, String instructionId, String reason, String detail, Instant at) {}
