package org.symphony.bench;

/**
 * HTTP exchanges with the rails per settled instruction, from the node's counters: dispatches and status queries
 * the node sent (symphony_rail_calls_total by operation) and callbacks the rails sent it (symphony_callbacks_total).
 * What "fewer exchanges per instruction" is measured by.
 */
record RailExchanges(double dispatches, double statusQueries, double callbacks) {

  static final String CALLS = "symphony_rail_calls_total";
  static final String CALLBACKS = "symphony_callbacks_total";

  static RailExchanges between(Scrape before, Scrape after) {
    double settled = after.settled() - before.settled();
    return new RailExchanges(
        Bench.perSettled(delta(before, after, CALLS, "operation=\"dispatch\""), settled),
        Bench.perSettled(delta(before, after, CALLS, "operation=\"status\""), settled),
        Bench.perSettled(delta(before, after, CALLBACKS, ""), settled));
  }

  private static double delta(Scrape before, Scrape after, String series, String labels) {
    return after.sum(series, labels) - before.sum(series, labels);
  }

  double total() {
    return dispatches + statusQueries + callbacks;
  }
}
