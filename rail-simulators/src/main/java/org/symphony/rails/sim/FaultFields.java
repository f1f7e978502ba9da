package org.symphony.rails.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;

/**
 * The checks every simulator's fault settings share: a patch ({@code POST /sim/admin/faults}) names only known
 * faults, rates are probabilities, delays are bounded. A bad patch is an IllegalArgumentException, answered 400.
 */
public final class FaultFields {

  public static final long MAX_DELAY_MS = Duration.ofHours(24).toMillis();
  public static final long MAX_LATENCY_MS = Duration.ofMinutes(5).toMillis();

  private FaultFields() {}

  /** The patch is a JSON object naming only {@code known} faults. */
  public static void requireKnown(JsonNode patch, Set<String> known) {
    if (patch == null || !patch.isObject()) throw new IllegalArgumentException("faults must be a JSON object");
    patch.fieldNames().forEachRemaining(name -> {
      if (!known.contains(name)) throw new IllegalArgumentException("unknown fault '" + name + "'");
    });
  }

  public static void requireRate(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1]");
  }

  public static void requireMillis(String name, long ms, long max) {
    if (ms < 0 || ms > max) throw new IllegalArgumentException(name + " must be in [0, " + max + "]");
  }

  public static long longField(JsonNode patch, String name, long current) {
    JsonNode node = patch.get(name);
    if (node == null) return current;
    if (!node.isIntegralNumber() || !node.canConvertToLong())
      throw new IllegalArgumentException(name + " must be an integer");
    return node.asLong();
  }

  public static double doubleField(JsonNode patch, String name, double current) {
    JsonNode node = patch.get(name);
    if (node == null) return current;
    if (!node.isNumber()) throw new IllegalArgumentException(name + " must be a number");
    return node.asDouble();
  }

  public static String textField(JsonNode patch, String name, String current) {
    JsonNode node = patch.get(name);
    if (node == null) return current;
    if (!node.isTextual()) throw new IllegalArgumentException(name + " must be a string");
    return node.asText();
  }
}
