package org.symphony.node.scenario;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks fail when what they check is broken: INV_ONCE from the strike ledgers, INV_TERMINAL, no_5xx. */
class ScenarioChecksTest {

  private static final ScenarioPlan PLAN = ScenarioPlanner.standard(
      11, 40, List.of("bank-a", "bank-b"), FaultMode.NONE, "t", StandardMix.fromConfig(ConfigFactory.load()));
  private static final List<PlannedInstruction> VALID =
      PLAN.instructions().stream().filter(p -> p.kind() == InstructionKind.NORMAL).limit(3).toList();

  @Test
  void onceHoldsWhenEverySucceededInstructionWasExecutedOnceOnItsRail() {
    OnceCheck once = OnceCheck.of(PLAN.instructions(), ids(VALID), succeeded(VALID), strikes(VALID, 1, false));
    assertTrue(once.held(), once.violations().toString());
    assertEquals(3L, once.executionsByRail().values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void onceFailsOnATwiceExecutedKeyAMissingExecutionAnotherRailOrAnUnacceptedOne() {
    assertFalse(OnceCheck.of(PLAN.instructions(), ids(VALID), succeeded(VALID), strikes(VALID, 2, false)).held(), "executed twice");
    assertFalse(OnceCheck.of(PLAN.instructions(), ids(VALID), succeeded(VALID), strikes(VALID, 0, false)).held(), "SUCCEEDED, never executed");
    assertFalse(OnceCheck.of(PLAN.instructions(), ids(VALID), succeeded(VALID), strikes(VALID, 1, true)).held(), "executed on another rail");
    assertFalse(OnceCheck.of(PLAN.instructions(), ids(VALID.subList(0, 2)), succeeded(VALID.subList(0, 2)), strikes(VALID, 1, false)).held(),
        "executed but never accepted");
  }

  @Test
  void terminalFailsOnAnOpenInstructionOrAnUnknownOutcomeWithoutIncidentAndNo5xxOnA500() {
    Map<String, PlannedInstruction> accepted = new LinkedHashMap<>();
    VALID.forEach(p -> accepted.put(p.instructionId(), p));
    OnceCheck once = OnceCheck.of(PLAN.instructions(), ids(VALID), succeeded(VALID), strikes(VALID, 1, false));

    var clean = ScenarioResult.of(PLAN, submitted(Map.of(202, 3L)), accepted, new SettleOutcome(succeeded(VALID), Map.of(), Duration.ZERO), Set.of(), once);
    assertEquals(Map.of("INV_ONCE", true, "INV_TERMINAL", true, "no_5xx", true), clean.checks());

    var open = ScenarioResult.of(PLAN, submitted(Map.of(202, 3L)), accepted,
        new SettleOutcome(succeeded(VALID.subList(0, 2)), Map.of(VALID.get(2).instructionId(), "IN_FLIGHT"), Duration.ZERO), Set.of(), once);
    assertFalse(open.checks().get("INV_TERMINAL"));
    assertEquals(1, open.measured().path("not_ended").asInt());

    Map<String, JsonNode> ended = new HashMap<>(succeeded(VALID));
    String unknownId = VALID.get(0).instructionId();
    ended.put(unknownId, ScenarioHttp.JSON.createObjectNode().put("status", "UNKNOWN_OUTCOME"));
    var settled = new SettleOutcome(ended, Map.of(), Duration.ZERO);
    assertFalse(ScenarioResult.of(PLAN, submitted(Map.of(202, 3L)), accepted, settled, Set.of(), once).checks().get("INV_TERMINAL"),
        "UNKNOWN_OUTCOME without its incident");
    assertTrue(ScenarioResult.of(PLAN, submitted(Map.of(202, 3L)), accepted, settled, Set.of(unknownId), once).checks().get("INV_TERMINAL"),
        "UNKNOWN_OUTCOME with its incident is accounted");

    assertFalse(ScenarioResult.of(PLAN, submitted(Map.of(202, 3L, 500, 1L)), accepted, new SettleOutcome(succeeded(VALID), Map.of(), Duration.ZERO),
        Set.of(), once).checks().get("no_5xx"));
    assertTrue(ScenarioResult.of(PLAN, submitted(Map.of(202, 3L, 503, 4L)), accepted, new SettleOutcome(succeeded(VALID), Map.of(), Duration.ZERO),
        Set.of(), once).checks().get("no_5xx"), "503 is back-pressure, answered and retried");
  }

  private static Set<String> ids(List<PlannedInstruction> list) {
    return Set.copyOf(list.stream().map(PlannedInstruction::instructionId).toList());
  }

  private static Map<String, JsonNode> succeeded(List<PlannedInstruction> list) {
    Map<String, JsonNode> views = new HashMap<>();
    list.forEach(p -> views.put(p.instructionId(), ScenarioHttp.JSON.createObjectNode().put("status", "SUCCEEDED")));
    return views;
  }

  /** Each instruction executed {@code times} on its rail (or on the next rail when {@code elsewhere}). */
  private static Map<String, JsonNode> strikes(List<PlannedInstruction> list, int times, boolean elsewhere) {
    Map<String, JsonNode> ledgers = new LinkedHashMap<>();
    for (String rail : Rails.ALL) ledgers.put(rail, ScenarioHttp.JSON.createObjectNode());
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (PlannedInstruction p : list) {
      String rail = elsewhere ? Rails.ALL.get((Rails.ALL.indexOf(p.rail()) + 1) % Rails.ALL.size()) : p.rail();
      if (times > 0) ((ObjectNode) ledgers.get(rail)).put(Rails.ledgerKey(rail, p.instructionId()), times);
    }
    ledgers.forEach((rail, refs) -> out.put(rail, ScenarioHttp.JSON.createObjectNode().set("references", refs)));
    return out;
  }

  private static SubmissionOutcome submitted(Map<Integer, Long> statuses) {
    return new SubmissionOutcome(Map.of(), statuses, 0, 0, Map.of(), 0, 0, new long[0], Duration.ZERO);
  }
}
