package org.symphony.node;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start a node: where it keeps its files, whether the database is throw-away, and config
 * overrides (HOCON paths) that win over application.conf, e.g. ports for tests.
 */
public record NodeOptions(Path home, boolean ephemeral, Map<String, Object> overrides) {

  public NodeOptions {
    overrides = Map.copyOf(overrides);
  }

  public static NodeOptions defaults(Path home) {
    return new NodeOptions(home, false, Map.of());
  }

  public NodeOptions withOverride(String path, Object value) {
    var copy = new java.util.HashMap<>(overrides);
    copy.put(path, value);
    return new NodeOptions(home, ephemeral, copy);
  }

  public NodeOptions ephemeral(boolean value) {
    return new NodeOptions(home, value, overrides);
  }
}
