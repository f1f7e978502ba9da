package org.symphony.node.metrics;

import java.util.Locale;
import kamon.Kamon;
import org.symphony.edge.callbacks.CallbackOutcomes;

/** What became of rail callbacks, per rail and outcome (e.g. forged keys dropped after the index wait). */
public final class CallbackMetrics implements CallbackOutcomes {

  @Override
  public void counted(String rail, Outcome outcome) {
    Kamon.counter(Instruments.CALLBACKS).withTag("rail", rail).withTag("outcome", outcome.name().toLowerCase(Locale.ROOT)).increment();
  }
}
