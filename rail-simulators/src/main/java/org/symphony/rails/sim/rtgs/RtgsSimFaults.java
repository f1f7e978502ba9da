package org.symphony.rails.sim.rtgs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.symphony.rails.sim.FaultFields;
import java.util.Set;

/**
 * Faults the simulator injects into the ISO 20022 API (/iso20022), settable at runtime through
 * {@code POST /sim/admin/faults} with the same JSON shape as the MTN simulator's, plus malformed replies.
 *
 * @param completionDelayMs how long newly accepted messages stay ACCP/PDNG
 * @param failureRate5xx probability that a call answers 500 without doing anything
 * @param dropResponseAfterExecuteRate probability that a new message is executed and recorded but the
 *     caller gets 504 instead of the status report (the reply "lost" after the effect)
 * @param latencyMs extra delay before every call is handled
 * @param malformedResponseRate probability that a reply body is cut into XML that does not parse (the
 *     call itself takes effect as usual)
 */
public record RtgsSimFaults(
    long completionDelayMs,
    double failureRate5xx,
    double dropResponseAfterExecuteRate,
    long latencyMs,
    double malformedResponseRate) {

  static final long MAX_DELAY_MS = FaultFields.MAX_DELAY_MS;
  static final long MAX_LATENCY_MS = FaultFields.MAX_LATENCY_MS;
  private static final Set<String> FIELDS = Set.of(
      "completionDelayMs", "failureRate5xx", "dropResponseAfterExecuteRate", "latencyMs", "malformedResponseRate");

  public RtgsSimFaults {
    FaultFields.requireMillis("completionDelayMs", completionDelayMs, MAX_DELAY_MS);
    FaultFields.requireRate("failureRate5xx", failureRate5xx);
    FaultFields.requireRate("dropResponseAfterExecuteRate", dropResponseAfterExecuteRate);
    FaultFields.requireRate("malformedResponseRate", malformedResponseRate);
    FaultFields.requireMillis("latencyMs", latencyMs, MAX_LATENCY_MS);
  }

  /** No faults; messages pend for {@code completionDelay}. */
  public static RtgsSimFaults none(Duration completionDelay) {
    return new RtgsSimFaults(completionDelay.toMillis(), 0, 0, 0, 0);
  }

  /** This with the fields present in {@code patch} replaced (absent fields keep their value). */
  RtgsSimFaults patchedWith(JsonNode patch) {
    FaultFields.requireKnown(patch, FIELDS);
    return new RtgsSimFaults(
        FaultFields.longField(patch, "completionDelayMs", completionDelayMs),
        FaultFields.doubleField(patch, "failureRate5xx", failureRate5xx),
        FaultFields.doubleField(patch, "dropResponseAfterExecuteRate", dropResponseAfterExecuteRate),
        FaultFields.longField(patch, "latencyMs", latencyMs),
        FaultFields.doubleField(patch, "malformedResponseRate", malformedResponseRate));
  }

  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("completionDelayMs", completionDelayMs);
    json.put("failureRate5xx", failureRate5xx);
    json.put("dropResponseAfterExecuteRate", dropResponseAfterExecuteRate);
    json.put("latencyMs", latencyMs);
    json.put("malformedResponseRate", malformedResponseRate);
    return json;
  }
}
