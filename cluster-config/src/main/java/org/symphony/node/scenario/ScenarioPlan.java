package org.symphony.node.scenario;

import java.util.List;

/** Everything a scenario run will do, decided by its seed before anything is sent. */
public record ScenarioPlan(
    String name, long seed, String runTag, List<String> participants, long singleCapMinor, FaultPlan faults,
    List<PlannedInstruction> instructions) {

  public ScenarioPlan {
    participants = List.copyOf(participants);
    instructions = List.copyOf(instructions);
  }

  public long count(InstructionKind kind) {
    return instructions.stream().filter(i -> i.kind() == kind).count();
  }
}
