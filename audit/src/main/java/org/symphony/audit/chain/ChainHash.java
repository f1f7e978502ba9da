package org.symphony.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The chain's arithmetic, exactly as audit/CHAIN.md specifies it: the canonical form of a row and
 * hash_n = SHA-256(canonical(row_n) || bytes(hash_(n-1))). Writer and verifier both use this class, and
 * an independent verifier can re-implement it from the spec.
 */
public final class ChainHash {

  /** hash_0: the previous hash of every node's first row. */
  public static final String GENESIS = "0".repeat(64);

  private static final HexFormat HEX = HexFormat.of();
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
      .withZone(java.time.ZoneOffset.UTC);

  private ChainHash() {}

  /** The hash a row must carry, given its content and the previous row's hash. */
  public static String hashOf(AttestationRow row, String prevHash) {
    MessageDigest sha = sha256();
    sha.update(canonical(row));
    sha.update(HEX.parseHex(prevHash));
    return HEX.formatHex(sha.digest());
  }

  /** The row with its prevHash and hash set as the chain requires. */
  public static AttestationRow link(AttestationRow row, String prevHash) {
    return new AttestationRow(
        row.attestationId(), row.nodeId(), row.nodeSeq(), row.receivedAt(), row.subject(), row.keyId(),
        row.requestId(), row.idempotencyKey(), row.method(), row.path(), row.bodySha256(), row.outcome(),
        row.problemCode(), row.httpStatus(), prevHash, hashOf(row, prevHash), row.refusals());
  }

  public static byte[] canonical(AttestationRow r) {
    StringBuilder b = new StringBuilder(512);
    b.append("attestation_id=").append(r.attestationId()).append('\n');
    text(b, "node_id", r.nodeId());
    b.append("node_seq=").append(r.nodeSeq()).append('\n');
    b.append("received_at=").append(timestamp(r.receivedAt())).append('\n');
    text(b, "subject", r.subject());
    text(b, "key_id", r.keyId());
    text(b, "request_id", r.requestId());
    text(b, "idempotency_key", r.idempotencyKey());
    text(b, "method", r.method());
    text(b, "path", r.path());
    b.append("body_sha256=").append(r.bodySha256() == null ? "-" : r.bodySha256()).append('\n');
    b.append("outcome=").append(r.outcome().name()).append('\n');
    text(b, "problem_code", r.problemCode());
    b.append("http_status=").append(r.httpStatus() == null ? "-" : r.httpStatus().toString()).append('\n');
    // Only rows that count refusals have these lines, so every row written before them hashes as it did.
    if (r.refusals() != null) {
      b.append("refused_count=").append(r.refusals().count()).append('\n');
      text(b, "source", r.refusals().source());
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** ISO-8601 UTC with exactly six fractional digits. */
  public static String timestamp(Instant t) {
    return MICROS.format(t.truncatedTo(ChronoUnit.MICROS));
  }

  /** name=len:text, where len counts UTF-8 bytes; "-" for null. */
  static void text(StringBuilder b, String name, String value) {
    b.append(name).append('=');
    if (value == null) b.append('-');
    else b.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
    b.append('\n');
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JVM spec", e);
    }
  }
}
