package org.symphony.edge.auth;

/**
 * Each API client's current token version, as replicated to this node. Revoking a client's tokens
 * raises it, so every token issued before (a lower {@code tv}) is refused here (401 TOKEN_REVOKED)
 * within the replication delay. Must answer from local memory: it is on every authenticated request.
 */
@FunctionalInterface
public interface CurrentTokenVersions {

  /** Token version of a client whose tokens were never revoked. */
  long INITIAL = 1;

  long current(String clientId);

  static CurrentTokenVersions unchanged() {
    return clientId -> INITIAL;
  }
}
