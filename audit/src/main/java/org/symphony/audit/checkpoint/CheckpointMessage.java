package org.symphony.audit.checkpoint;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.symphony.audit.chain.ChainHash;

/**
 * The exact bytes a checkpoint signature covers (audit/CHAIN.md, "Checkpoints"). Signer and verifier both
 * build them here, so the two can never drift apart.
 */
public final class CheckpointMessage {

  public static final String VERSION_LINE = "symphony-checkpoint/v1";

  private CheckpointMessage() {}

  public static byte[] encode(String nodeId, long nodeSeq, String hash, Instant signedAt) {
    StringBuilder b = new StringBuilder(192);
    b.append(VERSION_LINE).append('\n');
    // Length-prefixed like the chain's text fields, so a node id cannot smuggle in a forged line.
    b.append("node_id=").append(nodeId.getBytes(StandardCharsets.UTF_8).length).append(':').append(nodeId).append('\n');
    b.append("node_seq=").append(nodeSeq).append('\n');
    b.append("hash=").append(hash).append('\n');
    b.append("signed_at=").append(ChainHash.timestamp(signedAt)).append('\n');
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
