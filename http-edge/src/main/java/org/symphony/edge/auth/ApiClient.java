package org.symphony.edge.auth;

import java.util.Objects;

/**
 * A registered API client. subject becomes the token's {@code sub}: for a participant it is the
 * participant id, the only source of that id anywhere in the edge.
 */
public record ApiClient(String clientId, String subject, Role role) {

  public ApiClient {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(role, "role");
    if (subject.isBlank()) throw new IllegalArgumentException("subject must not be blank");
  }
}
