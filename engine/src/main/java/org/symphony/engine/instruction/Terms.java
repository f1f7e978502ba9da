package org.symphony.engine.instruction;

import java.time.Instant;
import org.symphony.engine.money.Money;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.serialization.CborSerializable;

/** What was agreed when the instruction was accepted; never changes afterwards. */
public record Terms(
    String instructionId,
    String participantId,
    String idempotencyKey,
    String bodySha256,
    Money amount,
    Creditor creditor,
    String reference,
    long sequenceId,
    String attestationId,
    Instant acceptedAt)
    implements CborSerializable {

  static Terms of(Submission s, long sequenceId, Instant acceptedAt) {
    return new Terms(
        s.instructionId(),
        s.participantId(),
        s.idempotencyKey(),
        s.bodySha256(),
        s.amount(),
        s.creditor(),
        s.reference(),
        sequenceId,
        s.attestationId(),
        acceptedAt);
  }
}
