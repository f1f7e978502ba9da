package org.symphony.rails.sim.rtgs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
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

  static final long MAX_DELAY_MS = Duration.ofHours(24).toMillis();
  static final long MAX_LATENCY_MS = Duration.ofMinutes(5).toMillis();
  private static final Set<String> FIELDS = Set.of(
      "completionDelayMs", "failureRate5xx", "dropResponseAfterExecuteRate", "latencyMs", "malformedResponseRate");

  public RtgsSimFaults {
    if (completionDelayMs < 0 || completionDelayMs > MAX_DELAY_MS)
      throw new IllegalArgumentException("completionDelayMs must be in [0, " + MAX_DELAY_MS + "]");
    requireRate("failureRate5xx", failureRate5xx);
    requireRate("dropResponseAfterExecuteRate", dropResponseAfterExecuteRate);
    requireRate("malformedResponseRate", malformedResponseRate);
    if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS)
      throw new IllegalArgumentException("latencyMs must be in [0, " + MAX_LATENCY_MS + "]");
  }

  /** No faults; messages pend for {@code completionDelay}. */
  public static RtgsSimFaults none(Duration completionDelay) {
    return new RtgsSimFaults(completionDelay.toMillis(), 0, 0, 0, 0);
  }

  /** This with the fields present in {@code patch} replaced (absent fields keep their value). */
  RtgsSimFaults patchedWith(JsonNode patch) {
    if (patch == null || !patch.isObject()) throw new IllegalArgumentException("faults must be a JSON object");
    patch.fieldNames().forEachRemaining(name -> {
      if (!FIELDS.contains(name)) throw new IllegalArgumentException("unknown fault '" + name + "'");
    });
    return new RtgsSimFaults(
        longField(patch, "completionDelayMs", completionDelayMs),
        doubleField(patch, "failureRate5xx", failureRate5xx),
        doubleField(patch, "dropResponseAfterExecuteRate", dropResponseAfterExecuteRate),
        longField(patch, "latencyMs", latencyMs),
        doubleField(patch, "malformedResponseRate", malformedResponseRate));
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

  private static void requireRate(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1]");
  }

  private static long longField(JsonNode patch, String name, long current) {
    JsonNode node = patch.get(name);
    if (node == null) return current;
    if (!node.isIntegralNumber() || !node.canConvertToLong())
      throw new IllegalArgumentException(name + " must be an integer");
    return node.asLong();
  }

  private static double doubleField(JsonNode patch, String name, double current) {
    JsonNode node = patch.get(name);
    if (node == null) return current;
    if (!node.isNumber()) throw new IllegalArgumentException(name + " must be a number");
    return node.asDouble();
  }
}
