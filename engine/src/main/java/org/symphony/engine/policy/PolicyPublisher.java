package org.symphony.engine.policy;

import org.symphony.engine.participant.Standing;

/**
 * Where a participant's current policy version is announced, so that every enforcement point (the edge
 * checking a token's pv) learns of it within seconds. Called by the participant's single writer after it
 * persisted a policy change and after each recovery, so a version lost with a crashed node is announced
 * again. Must not block.
 */
@FunctionalInterface
public interface PolicyPublisher {

  void publish(String participantId, long policyVersion, Standing standing);

  /** For tests and tools that do not enforce tokens. */
  static PolicyPublisher noop() {
    return (participantId, policyVersion, standing) -> {};
  }
}
