package org.symphony.node.scenario;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The participants' bearer tokens, fetched again when the edge says one is no longer good (401). */
final class TokenBook {

  private final ScenarioHttp http;
  private final Map<String, ScenarioTarget.Client> clients;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  TokenBook(ScenarioHttp http, Iterable<ScenarioTarget.Client> participants) {
    this.http = http;
    Map<String, ScenarioTarget.Client> byId = new ConcurrentHashMap<>();
    participants.forEach(p -> byId.put(p.subject(), p));
    this.clients = Map.copyOf(byId);
  }

  void fetchAll() throws ScenarioFailure, InterruptedException {
    for (var p : clients.values()) tokens.put(p.subject(), http.token(p));
  }

  String token(String participant) {
    return tokens.get(participant);
  }

  /** A new token unless another caller already replaced {@code stale}. */
  synchronized void refresh(String participant, String stale) throws ScenarioFailure, InterruptedException {
    if (stale.equals(tokens.get(participant))) tokens.put(participant, http.token(clients.get(participant)));
  }
}
