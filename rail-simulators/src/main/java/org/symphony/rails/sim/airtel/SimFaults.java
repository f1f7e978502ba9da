package org.symphony.rails.sim.airtel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.symphony.rails.sim.FaultFields;
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

  static final long MAX_DELAY_MS = FaultFields.MAX_DELAY_MS;
  static final long MAX_LATENCY_MS = FaultFields.MAX_LATENCY_MS;
  private static final Set<String> FIELDS = Set.of(
      "completionDelayMs", "failureRate5xx", "dropResponseAfterExecuteRate", "malformedResponseRate",
      "ambiguousAfterExecuteRate", "ambiguousEnquiryRate", "latencyMs");

  public SimFaults {
    FaultFields.requireMillis("completionDelayMs", completionDelayMs, MAX_DELAY_MS);
    FaultFields.requireRate("failureRate5xx", failureRate5xx);
    FaultFields.requireRate("dropResponseAfterExecuteRate", dropResponseAfterExecuteRate);
    FaultFields.requireRate("malformedResponseRate", malformedResponseRate);
    FaultFields.requireRate("ambiguousAfterExecuteRate", ambiguousAfterExecuteRate);
    FaultFields.requireRate("ambiguousEnquiryRate", ambiguousEnquiryRate);
    FaultFields.requireMillis("latencyMs", latencyMs, MAX_LATENCY_MS);
  }

  /** No faults; disbursements stay TIP for {@code completionDelay}. */
  public static SimFaults none(Duration completionDelay) {
    return new SimFaults(completionDelay.toMillis(), 0, 0, 0, 0, 0, 0);
  }

  /** This with the fields present in {@code patch} replaced (absent fields keep their value). */
  SimFaults patchedWith(JsonNode patch) {
    FaultFields.requireKnown(patch, FIELDS);
    return new SimFaults(
        FaultFields.longField(patch, "completionDelayMs", completionDelayMs),
        FaultFields.doubleField(patch, "failureRate5xx", failureRate5xx),
        FaultFields.doubleField(patch, "dropResponseAfterExecuteRate", dropResponseAfterExecuteRate),
        FaultFields.doubleField(patch, "malformedResponseRate", malformedResponseRate),
        FaultFields.doubleField(patch, "ambiguousAfterExecuteRate", ambiguousAfterExecuteRate),
        FaultFields.doubleField(patch, "ambiguousEnquiryRate", ambiguousEnquiryRate),
        FaultFields.longField(patch, "latencyMs", latencyMs));
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
}
