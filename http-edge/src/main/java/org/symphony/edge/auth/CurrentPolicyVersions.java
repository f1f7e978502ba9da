package org.symphony.edge.auth;

/**
 * Each participant's current policy version, as replicated to this node. A suspension or limit change
 * raises it, so every token issued before is refused here (401 TOKEN_POLICY_STALE) within the
 * replication delay. Must answer from local memory: it is on every authenticated request.
 */
@FunctionalInterface
public interface CurrentPolicyVersions {

  /** Policy version of a participant that never had a policy change. */
  long INITIAL = 1;

  long current(String participantId);

  static CurrentPolicyVersions unchanged() {
    return participantId -> INITIAL;
  }
}
