package org.symphony.node;

import java.nio.file.Path;
import java.util.Map;
import org.symphony.edge.attest.Blackhole;

/**
 * How to start a node: where it keeps its files, whether the database is throw-away, and config
 * overrides (HOCON paths) that win over application.conf, e.g. ports for tests.
 */
public record NodeOptions(Path home, boolean ephemeral, Map<String, Object> overrides, Blackhole blackhole) {

  public NodeOptions {
    overrides = Map.copyOf(overrides);
  }

  public static NodeOptions defaults(Path home) {
    return new NodeOptions(home, false, Map.of(), Blackhole.NONE);
  }

  public NodeOptions withOverride(String path, Object value) {
    var copy = new java.util.HashMap<>(overrides);
    copy.put(path, value);
    return new NodeOptions(home, ephemeral, copy, blackhole);
  }

  public NodeOptions ephemeral(boolean value) {
    return new NodeOptions(home, value, overrides, blackhole);
  }

  /** Test-only fault: requests swallowed after attestation, before the engine (never set by {@code run}). */
  public NodeOptions withBlackhole(Blackhole value) {
    return new NodeOptions(home, ephemeral, overrides, value);
  }
}
