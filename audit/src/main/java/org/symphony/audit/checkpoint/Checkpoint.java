package org.symphony.audit.checkpoint;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;

/**
 * A signed chain head: "node {@code nodeId}'s row {@code nodeSeq} had hash {@code hash}", as stored in
 * attestation_checkpoint. signedAt is kept at microseconds, the precision PostgreSQL stores and the message signs.
 */
public record Checkpoint(String nodeId, long nodeSeq, String hash, Instant signedAt, String keyId, String signature) {

  public Checkpoint {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(signature, "signature");
    signedAt = signedAt.truncatedTo(ChronoUnit.MICROS);
  }

  /** The bytes the signature covers. */
  public byte[] message() {
    return CheckpointMessage.encode(nodeId, nodeSeq, hash, signedAt);
  }

  /** True only for a well-formed Ed25519 signature by {@code key} over {@link #message()}; never throws. */
  public boolean isSignedBy(PublicKey key) {
    try {
      Signature verifier = Signature.getInstance(CheckpointKeys.ALGORITHM);
      verifier.initVerify(key);
      verifier.update(message());
      return verifier.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // A garbled signature or a key of the wrong type is simply not a valid signature.
      return false;
    }
  }
}
