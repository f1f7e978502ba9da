package org.symphony.rails.sim.mtn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.symphony.rails.sim.FaultFields;
import java.util.Set;

/**
 * Faults the simulator injects into the MTN API (/disbursement), settable at runtime.
 *
 * @param completionDelayMs how long newly accepted transfers stay PENDING
 * @param failureRate5xx probability that a call answers 500 without doing anything
 * @param dropResponseAfterExecuteRate probability that an accepted transfer is executed and recorded but
 *     the caller gets 504 instead of 202 (the reply "lost" after the effect)
 * @param latencyMs extra delay before every call is handled
 * @param intakeFailureRate probability that a new transfer answers 500 and is not executed, while status queries
 *     keep answering (the rail's intake is down, its status API up): the engine then finds the transfer never
 *     arrived, sends again, and dead-letters it after the bounded attempts
 * @param poisonPayee a payee (partyId, MSISDN without '+'; empty: none) whose every new transfer is answered with a
 *     poison reply (HTTP 200 with a body that is not JSON) and not executed: one instruction's rail answer is
 *     unusable on every attempt while every other instruction is served normally
 */
public record SimFaults(
    long completionDelayMs, double failureRate5xx, double dropResponseAfterExecuteRate, long latencyMs, double intakeFailureRate,
    String poisonPayee) {

  static final long MAX_DELAY_MS = FaultFields.MAX_DELAY_MS;
  static final long MAX_LATENCY_MS = FaultFields.MAX_LATENCY_MS;
  private static final Set<String> FIELDS =
      Set.of("completionDelayMs", "failureRate5xx", "dropResponseAfterExecuteRate", "latencyMs", "intakeFailureRate", "poisonPayee");
  static final int MAX_PAYEE_CHARS = 64;

  public SimFaults {
    FaultFields.requireMillis("completionDelayMs", completionDelayMs, MAX_DELAY_MS);
    FaultFields.requireRate("failureRate5xx", failureRate5xx);
    FaultFields.requireRate("dropResponseAfterExecuteRate", dropResponseAfterExecuteRate);
    FaultFields.requireMillis("latencyMs", latencyMs, MAX_LATENCY_MS);
    FaultFields.requireRate("intakeFailureRate", intakeFailureRate);
    if (poisonPayee == null || poisonPayee.length() > MAX_PAYEE_CHARS)
      throw new IllegalArgumentException("poisonPayee must be a string of at most " + MAX_PAYEE_CHARS + " characters");
  }

  /** No faults; transfers pend for {@code completionDelay}. */
  public static SimFaults none(Duration completionDelay) {
    return new SimFaults(completionDelay.toMillis(), 0, 0, 0, 0, "");
  }

  /** This with the fields present in {@code patch} replaced (absent fields keep their value). */
  SimFaults patchedWith(JsonNode patch) {
    FaultFields.requireKnown(patch, FIELDS);
    return new SimFaults(
        FaultFields.longField(patch, "completionDelayMs", completionDelayMs),
        FaultFields.doubleField(patch, "failureRate5xx", failureRate5xx),
        FaultFields.doubleField(patch, "dropResponseAfterExecuteRate", dropResponseAfterExecuteRate),
        FaultFields.longField(patch, "latencyMs", latencyMs),
        FaultFields.doubleField(patch, "intakeFailureRate", intakeFailureRate),
        FaultFields.textField(patch, "poisonPayee", poisonPayee));
  }

  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("completionDelayMs", completionDelayMs);
    json.put("failureRate5xx", failureRate5xx);
    json.put("dropResponseAfterExecuteRate", dropResponseAfterExecuteRate);
    json.put("latencyMs", latencyMs);
    json.put("intakeFailureRate", intakeFailureRate);
    json.put("poisonPayee", poisonPayee);
    return json;
  }
}
