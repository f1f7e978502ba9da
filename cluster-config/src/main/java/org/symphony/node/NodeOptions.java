package org.symphony.node;

import java.nio.file.Path;
import java.util.Map;
import org.symphony.edge.attest.Blackhole;

/**
 * How to start a node: where it keeps its files, whether the database is throw-away, its profile (see
 * {@link Profiles}), and config overrides (HOCON paths) that win over everything else, e.g. ports for tests.
 */
public record NodeOptions(Path home, boolean ephemeral, Map<String, Object> overrides, Blackhole blackhole, String profile) {

  public NodeOptions {
    overrides = Map.copyOf(overrides);
    profile = Profiles.requireKnown(profile);
  }

  public static NodeOptions defaults(Path home) {
    return new NodeOptions(home, false, Map.of(), Blackhole.NONE, Profiles.DEV);
  }

  public NodeOptions withOverride(String path, Object value) {
    var copy = new java.util.HashMap<>(overrides);
    copy.put(path, value);
    return new NodeOptions(home, ephemeral, copy, blackhole, profile);
  }

  public NodeOptions ephemeral(boolean value) {
    return new NodeOptions(home, value, overrides, blackhole, profile);
  }

  /** Test-only fault: requests swallowed after attestation, before the engine (never set by {@code run}). */
  public NodeOptions withBlackhole(Blackhole value) {
    return new NodeOptions(home, ephemeral, overrides, value, profile);
  }

  public NodeOptions withProfile(String name) {
    return new NodeOptions(home, ephemeral, overrides, blackhole, name);
  }
}
