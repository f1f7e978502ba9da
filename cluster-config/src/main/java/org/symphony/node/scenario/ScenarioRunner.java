package org.symphony.node.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a plan against a node: sets the run's single-payment cap, turns the simulators' faults on, submits, turns
 * the faults off, waits for every accepted instruction to end, reads the strike ledgers, and puts the participants'
 * limits back as they were.
 */
final class ScenarioRunner {

  private final ScenarioTarget target;
  private final ScenarioSettings settings;
  private final ScenarioHttp http;
  private final PrintWriter err;
  private final boolean terminal;

  ScenarioRunner(ScenarioTarget target, ScenarioSettings settings, PrintWriter err, boolean terminal) {
    this.target = target;
    this.settings = settings;
    this.http = new ScenarioHttp(target, settings);
    this.err = err;
    this.terminal = terminal;
  }

  void probe() throws ScenarioFailure, InterruptedException {
    http.probe();
  }

  ScenarioResult run(ScenarioPlan plan) throws Exception {
    String operator = http.token(target.operator());
    Map<String, JsonNode> previousLimits = new LinkedHashMap<>();
    try {
      setSingleCap(plan, operator, previousLimits);
      TokenBook tokens = new TokenBook(http, target.participants());
      tokens.fetchAll(); // after the cap: a limit change outdates older tokens

      SubmissionOutcome submitted;
      long copies = plan.instructions().stream().mapToLong(PlannedInstruction::copies).sum();
      try (ScenarioProgress progress = new ScenarioProgress(err, terminal, "submit", copies, settings.progressInterval())) {
        faultsOn(plan);
        submitted = new SubmissionPhase(http, tokens, settings, progress).run(plan.instructions());
      } finally {
        faultsOff(plan);
      }

      Map<String, PlannedInstruction> accepted = accepted(plan, submitted);
      SettleOutcome settled;
      try (ScenarioProgress progress = new ScenarioProgress(err, terminal, "settle", accepted.size(), settings.progressInterval())) {
        settled = new SettlePhase(http, tokens, settings, progress).run(accepted);
      }

      Set<String> unknown = new HashSet<>();
      settled.ended().forEach((id, view) -> {
        if ("UNKNOWN_OUTCOME".equals(view.path("status").asText())) unknown.add(id);
      });
      if (!unknown.isEmpty() && target.supervisor() == null)
        err.println(unknown.size() + " instructions in UNKNOWN_OUTCOME and no supervisor credentials to find their incidents");
      Set<String> withIncident = UnknownOutcomeIncidents.find(http, target, settings, unknown);

      Map<String, JsonNode> strikes = new LinkedHashMap<>();
      for (String rail : Rails.ALL) strikes.put(rail, http.strikes(rail));
      OnceCheck once = OnceCheck.of(plan.instructions(), accepted.keySet(), settled.ended(), strikes);
      return ScenarioResult.of(plan, submitted, accepted, settled, withIncident, once);
    } finally {
      restoreLimits(plan, operator, previousLimits);
    }
  }

  /** Instructions with at least one copy answered 202 or 200 (the engine recorded them, and will end them). */
  private static Map<String, PlannedInstruction> accepted(ScenarioPlan plan, SubmissionOutcome submitted) {
    Map<String, PlannedInstruction> accepted = new LinkedHashMap<>();
    for (PlannedInstruction p : plan.instructions())
      if (submitted.answers().getOrDefault(p.index(), List.of()).stream().anyMatch(CopyAnswer::accepted)) accepted.put(p.instructionId(), p);
    return accepted;
  }

  private void faultsOn(ScenarioPlan plan) throws ScenarioFailure, InterruptedException {
    for (String rail : plan.faults().byRail().keySet()) http.simulatorFaults(rail, plan.faults().settings(rail));
  }

  /** Every rail, even when one fails: faults left on would outlive the run. */
  private void faultsOff(ScenarioPlan plan) throws ScenarioFailure, InterruptedException {
    ScenarioFailure first = null;
    for (String rail : plan.faults().byRail().keySet()) {
      try {
        http.simulatorFaults(rail, plan.faults().cleared(rail));
      } catch (ScenarioFailure f) {
        if (first == null) first = f;
      }
    }
    if (first != null) throw first;
  }

  /** Each participant's ZMW maxSingle set to the plan's cap (their other caps kept); {@code before} gets the limits before. */
  private void setSingleCap(ScenarioPlan plan, String operator, Map<String, JsonNode> before) throws ScenarioFailure, InterruptedException {
    for (String participant : plan.participants()) {
      JsonNode limits = http.admin("GET", "/admin/participants/" + participant, operator, null).path("limits");
      ObjectNode changed = limits.isObject() ? ((ObjectNode) limits).deepCopy() : ScenarioHttp.JSON.createObjectNode();
      ObjectNode zmw = changed.has("ZMW") ? (ObjectNode) changed.get("ZMW") : changed.putObject("ZMW");
      zmw.put("maxSingle", ScenarioPlanner.decimal(plan.singleCapMinor()));
      http.admin("PUT", "/admin/participants/" + participant + "/limits", operator,
          reason("scenario " + plan.name() + " seed " + plan.seed() + " run " + plan.runTag() + ": single-payment cap for its over-limit instructions", changed));
      before.put(participant, limits.isObject() ? limits : ScenarioHttp.JSON.createObjectNode());
    }
  }

  /** Best effort, each participant on its own: a failure is reported and does not hide the run's own outcome. */
  private void restoreLimits(ScenarioPlan plan, String operator, Map<String, JsonNode> before) throws InterruptedException {
    for (var e : before.entrySet()) {
      try {
        http.admin("PUT", "/admin/participants/" + e.getKey() + "/limits", operator,
            reason("scenario " + plan.name() + " run " + plan.runTag() + " over: limits as before", e.getValue()));
      } catch (ScenarioFailure f) {
        err.println("could not put back the limits of " + e.getKey() + " (" + e.getValue() + "): " + f.getMessage());
      }
    }
  }

  private static String reason(String reason, JsonNode limits) {
    ObjectNode body = ScenarioHttp.JSON.createObjectNode();
    body.put("reason", reason);
    body.set("limits", limits);
    return body.toString();
  }
}
