package org.symphony.engine.instruction;

import java.time.Instant;
import org.symphony.engine.money.Money;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.serialization.CborSerializable;

/**
 * What a participant may see of an instruction. failureCode is set for FAILED and REJECTED;
 * railId/railReference once a rail is involved.
 */
public record InstructionView(
    String instructionId,
    String participantId,
    long sequenceId,
    InstructionStatus status,
    Money amount,
    Creditor creditor,
    String reference,
    String railId,
    String railReference,
    String failureCode,
    String failureDetail,
    Instant acceptedAt,
    Instant updatedAt)
    implements CborSerializable {}
