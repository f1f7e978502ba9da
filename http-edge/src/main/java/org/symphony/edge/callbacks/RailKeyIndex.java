package org.symphony.edge.callbacks;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Rail key → instruction id. Airtel and the RTGS call back with the key Symphony gave them (the
 * transaction id, the UETR or message id), which is a one-way function of the instruction id.
 */
@FunctionalInterface
public interface RailKeyIndex {

  /** Empty when no instruction has this key (or the read model has not indexed it yet). */
  CompletionStage<Optional<String>> instructionFor(String railKey);
}
