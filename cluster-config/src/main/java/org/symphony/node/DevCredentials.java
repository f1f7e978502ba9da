package org.symphony.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.symphony.persistence.ApiClients;
import org.symphony.persistence.ClientRole;
import org.symphony.persistence.ClientSecrets;

/**
 * Development credentials of a sandbox node: one client per dev participant, two operators (four eyes: one
 * proposes, the other approves) and a supervisor. Secrets are generated once and kept in dev.json (owner-only), so
 * a restart keeps them; only their hashes are stored in the database.
 */
public record DevCredentials(List<Client> participants, Client operator, Client secondOperator, Client supervisor) {

  /** subject = participant id, or the operator/supervisor name. */
  public record Client(String subject, String clientId, String clientSecret) {}

  static DevCredentials loadOrGenerate(Optional<JsonNode> previous, List<String> participantIds) {
    List<Client> participants = new ArrayList<>();
    for (String id : participantIds) participants.add(reuseOrNew(previous, id, id));
    return new DevCredentials(
        participants,
        reuseOrNew(previous, "operator", "operator"),
        reuseOrNew(previous, "operator-2", "operator-2"),
        reuseOrNew(previous, "supervisor", "supervisor"));
  }

  /** Both operators, the first being {@link #operator()}. */
  public List<Client> operators() {
    return List.of(operator, secondOperator);
  }

  /** Stores (hashes of) every secret; idempotent. */
  void register(ApiClients clients) {
    for (Client p : participants) clients.upsert(p.clientId(), p.clientSecret(), p.subject(), ClientRole.PARTICIPANT);
    for (Client o : operators()) clients.upsert(o.clientId(), o.clientSecret(), o.subject(), ClientRole.OPERATOR);
    clients.upsert(supervisor.clientId(), supervisor.clientSecret(), supervisor.subject(), ClientRole.SUPERVISOR);
  }

  static Optional<JsonNode> readPrevious(Path devJson) {
    if (!Files.isRegularFile(devJson)) return Optional.empty();
    try {
      return Optional.of(new ObjectMapper().readTree(devJson.toFile()));
    } catch (IOException e) {
      return Optional.empty(); // unreadable: new secrets are generated and the file rewritten
    }
  }

  private static Client reuseOrNew(Optional<JsonNode> previous, String subject, String clientId) {
    return previous
        .flatMap(json -> findSecret(json, clientId))
        .map(secret -> new Client(subject, clientId, secret))
        .orElseGet(() -> new Client(subject, clientId, ClientSecrets.generate()));
  }

  private static Optional<String> findSecret(JsonNode json, String clientId) {
    List<JsonNode> candidates = new ArrayList<>();
    json.path("participants").forEach(candidates::add);
    candidates.add(json.path("operator"));
    json.path("operators").forEach(candidates::add);
    candidates.add(json.path("supervisor"));
    return candidates.stream()
        .filter(n -> clientId.equals(n.path("client_id").asText(null)))
        .map(n -> n.path("client_secret").asText(""))
        .filter(s -> !s.isBlank())
        .findFirst();
  }
}
