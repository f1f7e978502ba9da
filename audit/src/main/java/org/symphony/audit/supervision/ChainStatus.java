package org.symphony.audit.supervision;

import java.time.Instant;

/**
 * The chain as a supervisor sees it: the last verification (null fields: not verified yet) and the newest signed
 * checkpoint (null: none yet).
 */
public record ChainStatus(Boolean intact, Instant verifiedAt, long rowsChecked, int breaks, LastCheckpoint lastCheckpoint) {

  public record LastCheckpoint(String nodeId, long nodeSeq, String hash, Instant signedAt, String keyId) {}

  public ChainStatus withCheckpoint(LastCheckpoint checkpoint) {
    return new ChainStatus(intact, verifiedAt, rowsChecked, breaks, checkpoint);
  }

  public static ChainStatus notVerified() {
    return new ChainStatus(null, null, 0, 0, null);
  }
}
