package org.symphony.node.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Which UNKNOWN_OUTCOME instructions have their incident (GET /supervisor/incidents?kind=UNKNOWN_OUTCOME as a
 * supervisor): only those count as accounted for INV_TERMINAL. Looked for until all are found or incident-wait passed,
 * since the incident may be recorded a moment after the instruction's state.
 */
final class UnknownOutcomeIncidents {

  private static final String PATH = "/supervisor/incidents?kind=UNKNOWN_OUTCOME&limit=1000";

  private UnknownOutcomeIncidents() {}

  static Set<String> find(ScenarioHttp http, ScenarioTarget target, ScenarioSettings settings, Set<String> unknown)
      throws ScenarioFailure, InterruptedException {
    Set<String> found = new HashSet<>();
    if (unknown.isEmpty() || target.supervisor() == null) return found;
    String token = http.token(target.supervisor());
    long deadline = System.nanoTime() + settings.incidentWait().toNanos();
    while (true) {
      for (JsonNode incident : http.admin("GET", PATH, token, null).path("incidents")) {
        String id = incident.path("instructionId").asText("");
        if (unknown.contains(id)) found.add(id);
      }
      if (found.containsAll(unknown) || System.nanoTime() > deadline) return found;
      LockSupport.parkNanos(settings.pollInterval().toNanos());
    }
  }
}
