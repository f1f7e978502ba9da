package org.symphony.bench;

import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * The participants' access tokens, fetched again from the token endpoint when older than maxAge. Tokens live 15
 * minutes and a full run is longer: the first full run of P15 lost its soak's tail and its whole recovery phase to
 * 401s. A list, so that every window takes it as before; a refresh happens at most once per maxAge.
 */
final class Tokens extends AbstractList<String> {

  /** A participant's client credentials. */
  record Client(String id, String secret) {}

  private final Edge edge;
  private final List<Client> clients;
  private final long maxAgeNanos;
  private volatile List<String> current;
  private volatile long fetchedAt;

  Tokens(Edge edge, List<Client> clients, Duration maxAge) throws Exception {
    this.edge = edge;
    this.clients = List.copyOf(clients);
    this.maxAgeNanos = maxAge.toNanos();
    refresh();
  }

  @Override
  public String get(int index) {
    if (System.nanoTime() - fetchedAt > maxAgeNanos) refreshNow();
    return current.get(index);
  }

  @Override
  public int size() {
    return clients.size();
  }

  private synchronized void refreshNow() {
    if (System.nanoTime() - fetchedAt <= maxAgeNanos) return; // another thread just did
    try {
      refresh();
    } catch (Exception e) {
      throw new IllegalStateException("tokens could not be renewed: " + e.getMessage(), e);
    }
  }

  private void refresh() throws Exception {
    List<String> fresh = new ArrayList<>(clients.size());
    for (Client c : clients) fresh.add(edge.token(c.id(), c.secret()));
    current = List.copyOf(fresh);
    fetchedAt = System.nanoTime();
  }
}
