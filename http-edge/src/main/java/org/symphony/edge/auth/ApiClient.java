package org.symphony.edge.auth;

import java.util.Objects;

/**
 * A registered API client. subject becomes the token's {@code sub}: for a participant it is the
 * participant id, the only source of that id anywhere in the edge. tokenVersion is carried in the
 * token ({@code tv}); revoking the client's tokens raises it (see {@link CurrentTokenVersions}).
 */
public record ApiClient(String clientId, String subject, Role role, long tokenVersion) {

  public ApiClient(String clientId, String subject, Role role) {
    this(clientId, subject, role, CurrentTokenVersions.INITIAL);
  }

  public ApiClient {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(role, "role");
    if (subject.isBlank()) throw new IllegalArgumentException("subject must not be blank");
    if (tokenVersion < CurrentTokenVersions.INITIAL) throw new IllegalArgumentException("tokenVersion must be >= 1");
  }
}
