package org.symphony.audit.attest;

import java.util.Optional;
import java.util.UUID;
import org.symphony.audit.chain.ChainHash;

/**
 * The last committed row of a node's chain: the next row gets {@code nodeSeq + 1} and {@code prev_hash = hash}.
 * An empty chain has nodeSeq 0 and the genesis hash.
 */
public record ChainHead(String nodeId, long nodeSeq, String hash, Optional<UUID> attestationId) {

  public ChainHead {
    if (nodeSeq < 0) throw new IllegalArgumentException("nodeSeq must be >= 0: " + nodeSeq);
    if (nodeSeq == 0 && attestationId.isPresent()) throw new IllegalArgumentException("an empty chain has no last id");
  }

  public static ChainHead empty(String nodeId) {
    return new ChainHead(nodeId, 0, ChainHash.GENESIS, Optional.empty());
  }
}
