package org.symphony.audit.reconcile;

import java.time.Instant;
import org.symphony.engine.instruction.InstructionStatus;

/** What the read model holds of an instruction; attestationId is the attestation that created it (may be null). */
public record KnownInstruction(
    String instructionId, String participantId, long sequenceId, InstructionStatus status, String code, String attestationId,
    Instant updatedAt) {}
