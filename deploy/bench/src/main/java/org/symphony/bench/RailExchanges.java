package org.symphony.bench;

/**
 * HTTP exchanges with the rails per settled instruction, from the node's counters: dispatches and status queries
 * the node sent (symphony_rail_calls_total by operation, less the calls it did not send) and callbacks the rails sent
 * it (symphony_callbacks_total).
 * What "fewer exchanges per instruction" is measured by.
 */
record RailExchanges(double dispatches, double statusQueries, double callbacks) {

  static final String CALLS = "symphony_rail_calls_total";
  static final String CALLBACKS = "symphony_callbacks_total";

  static final String DISPATCH = "operation=\"dispatch\"", STATUS = "operation=\"status\"";
  /** Calls the node's own limits kept from leaving it (a status budget spent, no connection free): no exchange. */
  static final String NOT_ASKED = "outcome=\"not_asked\"";

  static RailExchanges between(Scrape before, Scrape after) {
    double settled = after.settled() - before.settled();
    return new RailExchanges(
        Bench.perSettled(sent(after, DISPATCH) - sent(before, DISPATCH), settled),
        Bench.perSettled(sent(after, STATUS) - sent(before, STATUS), settled),
        Bench.perSettled(after.sum(CALLBACKS) - before.sum(CALLBACKS), settled));
  }

  /** Calls of one operation that left the node. */
  static double sent(Scrape scrape, String operation) {
    return scrape.sum(CALLS, operation) - scrape.sum(CALLS, operation, NOT_ASKED);
  }

  double total() {
    return dispatches + statusQueries + callbacks;
  }
}
