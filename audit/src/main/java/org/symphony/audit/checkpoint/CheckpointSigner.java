package org.symphony.audit.checkpoint;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/** Signs chain heads with the node's Ed25519 key. Thread-safe: a Signature instance is made per call. */
public final class CheckpointSigner {

  private final CheckpointKeys keys;

  public CheckpointSigner(CheckpointKeys keys) {
    this.keys = keys;
  }

  public String keyId() {
    return keys.keyId();
  }

  public Checkpoint sign(String nodeId, long nodeSeq, String hash, Instant signedAt) {
    // Build the record first: it truncates signedAt to microseconds, and that is what must be signed and stored.
    Checkpoint unsigned = new Checkpoint(nodeId, nodeSeq, hash, signedAt, keys.keyId(), "");
    try {
      Signature signer = Signature.getInstance(CheckpointKeys.ALGORITHM);
      signer.initSign(keys.privateKey());
      signer.update(unsigned.message());
      String signature = Base64.getEncoder().encodeToString(signer.sign());
      return new Checkpoint(nodeId, nodeSeq, hash, unsigned.signedAt(), keys.keyId(), signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }
}
