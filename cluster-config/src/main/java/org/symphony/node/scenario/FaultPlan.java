package org.symphony.node.scenario;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The faults each rail simulator injects during the submission phase: per rail, the fields of its
 * {@code POST /sim/admin/faults} body. Empty for {@link FaultMode#NONE}.
 */
public record FaultPlan(FaultMode mode, Map<String, Map<String, Number>> byRail) {

  public FaultPlan {
    Map<String, Map<String, Number>> copy = new LinkedHashMap<>();
    byRail.forEach((rail, fields) -> copy.put(rail, Collections.unmodifiableMap(new TreeMap<>(fields))));
    byRail = Collections.unmodifiableMap(copy);
  }

  /** The body that sets a rail's faults. */
  public ObjectNode settings(String rail) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    byRail.getOrDefault(rail, Map.of()).forEach((field, value) -> {
      if (value instanceof Long l) json.put(field, l);
      else json.put(field, value.doubleValue());
    });
    return json;
  }

  /** The body that turns the same faults off again. */
  public ObjectNode cleared(String rail) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    byRail.getOrDefault(rail, Map.of()).forEach((field, value) -> {
      if (value instanceof Long) json.put(field, 0L);
      else json.put(field, 0.0);
    });
    return json;
  }

  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("mode", mode.label());
    ObjectNode rails = json.putObject("rails");
    byRail.keySet().forEach(rail -> rails.set(rail, settings(rail)));
    return json;
  }
}
