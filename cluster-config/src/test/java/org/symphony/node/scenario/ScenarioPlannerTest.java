package org.symphony.node.scenario;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.symphony.engine.rail.Creditor;
import org.symphony.rails.RoutingTable;

/** The plan is a pure function of seed, count, participants, fault mode and run tag. */
class ScenarioPlannerTest {

  private static final StandardMix MIX = StandardMix.fromConfig(ConfigFactory.load());
  private static final List<String> PARTICIPANTS = List.of("bank-a", "bank-b", "mfi-c");

  @Test
  void theSameSeedGivesTheSamePlanValueForValue() {
    ScenarioPlan first = ScenarioPlanner.standard(42, 1_000, PARTICIPANTS, FaultMode.STANDARD, "t1", MIX);
    ScenarioPlan second = ScenarioPlanner.standard(42, 1_000, PARTICIPANTS, FaultMode.STANDARD, "t1", MIX);
    assertEquals(first, second);
    assertEquals(first.faults().toJson(), second.faults().toJson());
  }

  @Test
  void anotherSeedGivesAnotherPlanAndAnotherFaultPlan() {
    ScenarioPlan a = ScenarioPlanner.standard(42, 1_000, PARTICIPANTS, FaultMode.STANDARD, "t1", MIX);
    ScenarioPlan b = ScenarioPlanner.standard(43, 1_000, PARTICIPANTS, FaultMode.STANDARD, "t1", MIX);
    assertNotEquals(a.instructions(), b.instructions());
    assertNotEquals(a.faults(), b.faults());
  }

  @Test
  void theRunTagNamesTheKeysAndTakesNoPartInAnyChoice() {
    ScenarioPlan a = ScenarioPlanner.standard(7, 300, PARTICIPANTS, FaultMode.STANDARD, "first", MIX);
    ScenarioPlan b = ScenarioPlanner.standard(7, 300, PARTICIPANTS, FaultMode.STANDARD, "second", MIX);
    assertEquals(a.faults(), b.faults());
    for (int i = 0; i < 300; i++) {
      PlannedInstruction x = a.instructions().get(i), y = b.instructions().get(i);
      assertEquals(List.of(x.participant(), x.kind(), x.rail(), x.currency(), x.amountMinor()),
          List.of(y.participant(), y.kind(), y.rail(), y.currency(), y.amountMinor()), "instruction " + i);
      assertNotEquals(x.instructionId(), y.instructionId(), "a second run sends new instructions, not replays");
    }
  }

  @Test
  void theFaultModeChangesOnlyTheFaultPlan() {
    ScenarioPlan faulty = ScenarioPlanner.standard(42, 200, PARTICIPANTS, FaultMode.STANDARD, "t", MIX);
    ScenarioPlan quiet = ScenarioPlanner.standard(42, 200, PARTICIPANTS, FaultMode.NONE, "t", MIX);
    assertEquals(faulty.instructions(), quiet.instructions());
    assertEquals(Map.of(), quiet.faults().byRail());
    assertEquals(Set.of("mtn-momo", "airtel-money", "rtgs"), faulty.faults().byRail().keySet());
    for (var rail : faulty.faults().byRail().entrySet()) {
      double rate5xx = rail.getValue().get("failureRate5xx").doubleValue();
      assertTrue(rate5xx >= MIX.failureRate5xx().min() && rate5xx <= MIX.failureRate5xx().max(), rail.getKey() + " 5xx " + rate5xx);
      faulty.faults().cleared(rail.getKey()).fields().forEachRemaining(f -> assertEquals(0.0, f.getValue().asDouble(), f.getKey() + " cleared"));
    }
    assertFalse(faulty.faults().byRail().get("mtn-momo").containsKey("malformedResponseRate"), "the MTN simulator has no malformed replies");
  }

  @Test
  void everyKindIsPresentAndEveryValidCreditorRoutesToItsPlannedRail() {
    ScenarioPlan plan = ScenarioPlanner.standard(42, 1_000, PARTICIPANTS, FaultMode.STANDARD, "t", MIX);
    Map<InstructionKind, Long> kinds = plan.instructions().stream().collect(Collectors.groupingBy(PlannedInstruction::kind, Collectors.counting()));
    for (InstructionKind k : InstructionKind.values()) assertTrue(kinds.getOrDefault(k, 0L) > 0, k + " in " + kinds);
    assertEquals(Set.copyOf(PARTICIPANTS), plan.instructions().stream().map(PlannedInstruction::participant).collect(Collectors.toSet()));
    RoutingTable routing = RoutingTable.fromConfig(ConfigFactory.load());
    assertEquals(1_000, plan.instructions().size());
    for (PlannedInstruction p : plan.instructions()) {
      if (p.kind() == InstructionKind.INVALID) continue;
      var body = assertDoesNotThrow(() -> ScenarioHttp.JSON.readTree(p.body()), p.body());
      var c = body.path("creditor");
      Creditor creditor = c.has("msisdn") ? new Creditor.MobileWallet(c.path("msisdn").asText())
          : new Creditor.BankAccount(c.path("bic").asText(), c.path("account").asText(), c.path("name").asText(null));
      assertEquals(p.rail(), routing.railFor(creditor).orElse("none"), p.body());
      if (p.kind() == InstructionKind.OVER_LIMIT) assertTrue(p.amountMinor() > MIX.singleCapMinor(), p.body());
      else assertTrue(p.amountMinor() >= MIX.minAmountMinor() && p.amountMinor() <= MIX.maxAmountMinor(), p.body());
      if ("USD".equals(p.currency())) assertEquals("rtgs", p.rail(), "the mobile rails pay in ZMW only");
    }
    assertEquals(1_000, plan.instructions().stream().map(PlannedInstruction::idempotencyKey).distinct().count());
  }

  @Test
  void acceptedIdsHashAndPercentilesAreWhatTheyClaim() {
    assertEquals(ScenarioResult.sha256OfSorted(Set.of("b", "a")), ScenarioResult.sha256OfSorted(Set.of("a", "b")));
    // printf 'a\nb' | sha256sum
    assertEquals("7e18f737311b2dc3b2f269dd78396b0351f14fb66efa879f768cb23181883c78", ScenarioResult.sha256OfSorted(Set.of("b", "a")));
    long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertEquals(5, ScenarioResult.percentile(sorted, 0.5));
    assertEquals(10, ScenarioResult.percentile(sorted, 0.99));
    assertEquals(0, ScenarioResult.percentile(new long[0], 0.5));
  }
}
