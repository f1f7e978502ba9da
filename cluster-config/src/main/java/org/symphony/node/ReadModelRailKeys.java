package org.symphony.node;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.symphony.audit.readmodel.ReadModelQueries;
import org.symphony.edge.callbacks.RailKeyIndex;
import org.symphony.engine.instruction.InstructionStatus;

/** The edge's rail-key index over the read model: a callback may be news only to an instruction still in progress. */
final class ReadModelRailKeys implements RailKeyIndex {

  private final ReadModelQueries readModel;

  ReadModelRailKeys(ReadModelQueries readModel) {
    this.readModel = readModel;
  }

  @Override
  public CompletionStage<Map<String, Indexed>> instructionsFor(Set<String> railKeys) {
    return readModel.instructionsForRailKeys(railKeys).thenApply(entries -> {
      Map<String, Indexed> indexed = new HashMap<>();
      entries.forEach((key, entry) -> indexed.put(key, new Indexed(entry.instructionId(), inProgress(entry.status()))));
      return indexed;
    });
  }

  private static boolean inProgress(String status) {
    return status.equals(InstructionStatus.PENDING.name())
        || status.equals(InstructionStatus.IN_FLIGHT.name())
        || status.equals(InstructionStatus.RECOVERING.name());
  }
}
