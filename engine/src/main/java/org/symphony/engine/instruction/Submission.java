package org.symphony.engine.instruction;

import java.time.Instant;
import org.symphony.engine.money.Money;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.serialization.CborSerializable;

/**
 * A validated request to pay, as the edge hands it to the engine. participantId comes from a verified
 * token only. bodySha256 is the hash of the exact request body: same key + same hash is a replay, same
 * key + other hash is a reused key. attestationId links the ingress attestation (null until P2).
 */
public record Submission(
    String participantId,
    String idempotencyKey,
    String bodySha256,
    Money amount,
    Creditor creditor,
    String reference,
    String attestationId,
    Instant receivedAt)
    implements CborSerializable {

  public String instructionId() {
    return InstructionId.derive(participantId, idempotencyKey);
  }
}
