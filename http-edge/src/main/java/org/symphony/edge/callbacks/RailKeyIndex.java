package org.symphony.edge.callbacks;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Rail key → instruction, from the read model. The rails call back with the key Symphony gave them (the
 * transaction id, the UETR or message id; MTN's externalId maps to it too), a one-way function of the
 * instruction id. Asked for many keys at once: one query per batch, however many callbacks arrive.
 */
@FunctionalInterface
public interface RailKeyIndex {

  /** The indexed keys among these; a key left out is not indexed (yet), or was never Symphony's. */
  CompletionStage<Map<String, Indexed>> instructionsFor(Set<String> railKeys);

  /** open: the read model shows no outcome yet, so a callback may be news; a settled one needs nothing. */
  record Indexed(String instructionId, boolean open) {}
}
