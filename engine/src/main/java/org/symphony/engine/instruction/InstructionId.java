package org.symphony.engine.instruction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Instruction ids are derived, not generated: the same participant and Idempotency-Key always give the
 * same id, on every node, so both copies of a duplicate meet the same single-writer entity.
 * Format: an RFC 9562 version-8 UUID built from SHA-256(domain, participant, key).
 */
public final class InstructionId {

  private static final String DOMAIN = "symphony/instruction-id/v1";

  private InstructionId() {}

  public static String derive(String participantId, String idempotencyKey) {
    byte[] h = sha256(DOMAIN + '\n' + participantId + '\n' + idempotencyKey);
    h[6] = (byte) ((h[6] & 0x0f) | 0x80); // version 8
    h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
    long msb = 0, lsb = 0;
    for (int i = 0; i < 8; i++) msb = (msb << 8) | (h[i] & 0xff);
    for (int i = 8; i < 16; i++) lsb = (lsb << 8) | (h[i] & 0xff);
    return new UUID(msb, lsb).toString();
  }

  /** True for the canonical text of a version-8 UUID, i.e. something {@link #derive} could produce. */
  public static boolean isWellFormed(String id) {
    return id != null
        && id.length() == 36
        && id.matches("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JVM spec", e);
    }
  }
}
