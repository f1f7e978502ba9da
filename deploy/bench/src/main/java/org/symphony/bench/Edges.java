package org.symphony.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster's edges, one per node; the generator spreads requests over them round-robin. Requests go in pairs of
 * sequence numbers (seq / 2), because Edge.body alternates the creditor's rail by parity: every edge gets both rails.
 */
record Edges(List<Edge> all) {

  Edges {
    if (all.isEmpty()) throw new IllegalArgumentException("no edge");
    all = List.copyOf(all);
  }

  /** The index of the edge that request seq goes to. */
  static int index(long seq, int edges) {
    return (int) Math.floorMod(seq / 2, (long) edges);
  }

  Edge pick(long seq) {
    return all.get(index(seq, all.size()));
  }

  /** Node 1's edge: tokens, the simulators' admin calls. */
  Edge first() {
    return all.get(0);
  }

  CompletableFuture<OpenLoad.Outcome> submit(long seq, String token, String idempotencyKey, String body) {
    return pick(seq).submit(token, idempotencyKey, body);
  }

  int size() {
    return all.size();
  }
}
