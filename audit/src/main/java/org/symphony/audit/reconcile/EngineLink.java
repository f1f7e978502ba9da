package org.symphony.audit.reconcile;

import java.util.concurrent.CompletionStage;

/** What the reconciliation worker asks of the engine; the node implements it over cluster sharding. */
public interface EngineLink {

  /** True when the instruction exists in its own journal (the authority, ahead of the read model). */
  CompletionStage<Boolean> instructionExists(String instructionId);

  /** A stuck instruction: ask the rail by its key now, then carry on. */
  void nudge(String instructionId);

  /** A sequence hole: the participant wakes the instruction holding the number, which has it voided if never accepted. */
  void closeSequenceHole(String participantId, long sequenceId);
}
