package org.symphony.rails.sim.airtel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Set;

/**
 * Faults the simulator injects into the Airtel API (/auth, /standard), settable at runtime.
 *
 * @param completionDelayMs how long newly accepted disbursements stay TIP
 * @param failureRate5xx probability that a call answers 500 without doing anything
 * @param dropResponseAfterExecuteRate probability that a new disbursement is executed and recorded but the
 *     caller gets 504 instead of the answer (the reply "lost" after the effect)
 * @param malformedResponseRate probability that a call is handled normally (a disbursement executed) but
 *     its reply body is cut off mid-JSON
 * @param ambiguousAfterExecuteRate probability that a new disbursement is executed and recorded but the
 *     caller gets HTTP 200, success:false, DP00900001000 (ambiguous)
 * @param ambiguousEnquiryRate probability that an enquiry of a known transaction answers TA (ambiguous)
 *     instead of its real status
 * @param latencyMs extra delay before every call is handled
 */
public record SimFaults(
    long completionDelayMs,
    double failureRate5xx,
    double dropResponseAfterExecuteRate,
    double malformedResponseRate,
    double ambiguousAfterExecuteRate,
    double ambiguousEnquiryRate,
    long latencyMs) {

  static final long MAX_DELAY_MS = Duration.ofHours(24).toMillis();
  static final long MAX_LATENCY_MS = Duration.ofMinutes(5).toMillis();
  private static final Set<String> FIELDS = Set.of(
      "completionDelayMs", "failureRate5xx", "dropResponseAfterExecuteRate", "malformedResponseRate",
      "ambiguousAfterExecuteRate", "ambiguousEnquiryRate", "latencyMs");

  public SimFaults {
    if (completionDelayMs < 0 || completionDelayMs > MAX_DELAY_MS)
      throw new IllegalArgumentException("completionDelayMs must be in [0, " + MAX_DELAY_MS + "]");
    requireRate("failureRate5xx", failureRate5xx);
    requireRate("dropResponseAfterExecuteRate", dropResponseAfterExecuteRate);
    requireRate("malformedResponseRate", malformedResponseRate);
    requireRate("ambiguousAfterExecuteRate", ambiguousAfterExecuteRate);
    requireRate("ambiguousEnquiryRate", ambiguousEnquiryRate);
    if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS)
      throw new IllegalArgumentException("latencyMs must be in [0, " + MAX_LATENCY_MS + "]");
  }

  /** No faults; disbursements stay TIP for {@code completionDelay}. */
  public static SimFaults none(Duration completionDelay) {
    return new SimFaults(completionDelay.toMillis(), 0, 0, 0, 0, 0, 0);
  }

  /** This with the fields present in {@code patch} replaced (absent fields keep their value). */
  SimFaults patchedWith(JsonNode patch) {
    if (patch == null || !patch.isObject()) throw new IllegalArgumentException("faults must be a JSON object");
    patch.fieldNames().forEachRemaining(name -> {
      if (!FIELDS.contains(name)) throw new IllegalArgumentException("unknown fault '" + name + "'");
    });
    return new SimFaults(
        longField(patch, "completionDelayMs", completionDelayMs),
        doubleField(patch, "failureRate5xx", failureRate5xx),
        doubleField(patch, "dropResponseAfterExecuteRate", dropResponseAfterExecuteRate),
        doubleField(patch, "malformedResponseRate", malformedResponseRate),
        doubleField(patch, "ambiguousAfterExecuteRate", ambiguousAfterExecuteRate),
        doubleField(patch, "ambiguousEnquiryRate", ambiguousEnquiryRate),
        longField(patch, "latencyMs", latencyMs));
  }

  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("completionDelayMs", completionDelayMs);
    json.put("failureRate5xx", failureRate5xx);
    json.put("dropResponseAfterExecuteRate", dropResponseAfterExecuteRate);
    json.put("malformedResponseRate", malformedResponseRate);
    json.put("ambiguousAfterExecuteRate", ambiguousAfterExecuteRate);
    json.put("ambiguousEnquiryRate", ambiguousEnquiryRate);
    json.put("latencyMs", latencyMs);
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
