package org.symphony.engine.rail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import org.symphony.engine.serialization.CborSerializable;

/**
 * The idempotency key a rail sees for an instruction: a pure function of the instruction id, so every
 * retry, on any node, after any crash, presents the same key and the rail can refuse a second execution.
 * Formatted as a version-4 UUID (version and variant bits set) because MTN validates X-Reference-Id so.
 */
public record RailKey(String value) implements CborSerializable {

  private static final String DOMAIN = "symphony/rail-key/v1\n";
  private static final java.util.regex.Pattern FORM =
      java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final java.util.regex.Pattern COMPACT = java.util.regex.Pattern.compile("[0-9A-Fa-f]{32}");

  /** True for text in the form rail keys have (a lower-case UUID), e.g. a key a rail quotes back. */
  public static boolean isWellFormed(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  /** The key from its 32 hex digits without dashes (how the RTGS message id carries it), if it is one. */
  public static java.util.Optional<RailKey> fromCompactHex(String hex) {
    if (hex == null || !COMPACT.matcher(hex).matches()) return java.util.Optional.empty();
    String h = hex.toLowerCase(java.util.Locale.ROOT);
    return java.util.Optional.of(new RailKey(
        h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20)));
  }

  public static RailKey forInstruction(String instructionId) {
    byte[] h = sha256(DOMAIN + instructionId);
    h[6] = (byte) ((h[6] & 0x0f) | 0x40); // version 4
    h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
    return new RailKey(uuidOf(h).toString());
  }

  static UUID uuidOf(byte[] h) {
    long msb = 0, lsb = 0;
    for (int i = 0; i < 8; i++) msb = (msb << 8) | (h[i] & 0xff);
    for (int i = 8; i < 16; i++) lsb = (lsb << 8) | (h[i] & 0xff);
    return new UUID(msb, lsb);
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JVM spec", e);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
