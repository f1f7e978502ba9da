package org.symphony.node.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * INV-ONCE over this run's instructions, from each simulator's strike ledger: no rail key executed twice, every
 * SUCCEEDED instruction executed exactly once on the rail it was routed to, nothing executed on another rail, and
 * nothing executed that was never accepted.
 *
 * @param executionsByRail this run's executions per rail (ledger entries of its instructions)
 * @param violations what broke the invariant, one line each
 */
public record OnceCheck(Map<String, Long> executionsByRail, List<String> violations) {

  public OnceCheck {
    executionsByRail = Map.copyOf(executionsByRail);
    violations = List.copyOf(violations);
  }

  public boolean held() {
    return violations.isEmpty();
  }

  /**
   * @param strikes per rail, the simulator's {@code GET /sim/strikes} ({"total", "references": {ref: count}})
   * @param ended the final view of each accepted instruction that ended
   */
  static OnceCheck of(List<PlannedInstruction> plan, Set<String> accepted, Map<String, JsonNode> ended, Map<String, JsonNode> strikes) {
    Map<String, Long> executions = new LinkedHashMap<>();
    List<String> violations = new ArrayList<>();
    for (String rail : strikes.keySet()) executions.put(rail, 0L);
    for (PlannedInstruction p : plan) {
      if (p.kind() == InstructionKind.INVALID) continue; // never an instruction; its id names nothing
      String id = p.instructionId();
      for (var rail : strikes.entrySet()) {
        int n = rail.getValue().path("references").path(Rails.ledgerKey(rail.getKey(), id)).asInt(0);
        if (n == 0) continue;
        executions.merge(rail.getKey(), (long) n, Long::sum);
        if (n > 1) violations.add(rail.getKey() + " executed " + id + " " + n + " times");
        if (!rail.getKey().equals(p.rail())) violations.add(id + " executed on " + rail.getKey() + ", routed to " + p.rail());
        if (!accepted.contains(id)) violations.add(id + " (" + p.kind() + ") executed by " + rail.getKey() + " but never accepted");
      }
      JsonNode view = ended.get(id);
      if (view != null && "SUCCEEDED".equals(view.path("status").asText())) {
        JsonNode ledger = strikes.get(p.rail());
        int n = ledger == null ? 0 : ledger.path("references").path(Rails.ledgerKey(p.rail(), id)).asInt(0);
        if (n != 1) violations.add("SUCCEEDED " + id + " has " + n + " executions on " + p.rail());
      }
    }
    return new OnceCheck(executions, violations);
  }
}
