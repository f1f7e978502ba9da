package org.symphony.edge.auth;

import java.util.List;
import java.util.Optional;

/** Who a client is to Symphony; each role is issued a fixed set of scopes. */
public enum Role {
  PARTICIPANT("participant", List.of(Scopes.INSTRUCTIONS_WRITE, Scopes.INSTRUCTIONS_READ)),
  OPERATOR("operator", List.of("admin:write", "admin:read")),
  SUPERVISOR("supervisor", List.of("supervisor:read"));

  private final String claim;
  private final List<String> scopes;

  Role(String claim, List<String> scopes) {
    this.claim = claim;
    this.scopes = scopes;
  }

  /** The value of the {@code role} claim, and of the role column of the client table. */
  public String claim() {
    return claim;
  }

  /** In the order they are written into the scope claim. */
  public List<String> scopes() {
    return scopes;
  }

  public static Optional<Role> fromClaim(String claim) {
    for (Role r : values()) if (r.claim.equals(claim)) return Optional.of(r);
    return Optional.empty();
  }
}
