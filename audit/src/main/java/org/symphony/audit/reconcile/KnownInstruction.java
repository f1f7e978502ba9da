package org.symphony.audit.reconcile;

import java.time.Instant;

/** What the read model holds of an instruction; attestationId is the attestation that created it (may be null). */
public record KnownInstruction(
    String instructionId, String participantId, long sequenceId, String status, String code, String attestationId,
    Instant updatedAt) {

  public boolean isTerminal() {
    return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("REJECTED");
  }
}
