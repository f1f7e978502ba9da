package org.symphony.node.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;

/**
 * What the settle phase saw.
 *
 * @param ended the final view of every accepted instruction that ended (terminal, or UNKNOWN_OUTCOME)
 * @param open the last status seen of each one that had not ended by the deadline ("?" when never read)
 */
public record SettleOutcome(Map<String, JsonNode> ended, Map<String, String> open, Duration duration) {

  public SettleOutcome {
    ended = Map.copyOf(ended);
    open = Map.copyOf(open);
  }
}
