package org.symphony.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.util.List;
import java.util.Map;

/**
 * The node's profiles: HOCON overlays {@code profiles/<name>.conf} above application.conf and below -D system
 * properties and command-line options. Chosen with {@code run --profile NAME} or SYMPHONY_PROFILE; default dev.
 */
public final class Profiles {

  public static final String DEV = "dev";
  public static final String LOCAL = "local";
  public static final String KUBERNETES = "kubernetes";
  public static final List<String> KNOWN = List.of(DEV, LOCAL, KUBERNETES);
  public static final String ENVIRONMENT = "SYMPHONY_PROFILE";

  private Profiles() {}

  /** The profile an explicit choice names, else SYMPHONY_PROFILE, else dev; refused unless known. */
  public static String choose(String explicit, Map<String, String> environment) {
    String name = explicit != null && !explicit.isBlank() ? explicit.strip() : environment.getOrDefault(ENVIRONMENT, "").strip();
    return requireKnown(name.isEmpty() ? DEV : name);
  }

  public static String requireKnown(String name) {
    if (!KNOWN.contains(name))
      throw new IllegalArgumentException("unknown profile '" + name + "'; known profiles: " + String.join(", ", KNOWN));
    return name;
  }

  /** The overlay of a known profile, unresolved (its ${?ENV} substitutions resolve with the whole node config). */
  public static Config overlay(String name) {
    String resource = "profiles/" + requireKnown(name) + ".conf";
    return ConfigFactory.parseResources(Profiles.class.getClassLoader(), resource, ConfigParseOptions.defaults().setAllowMissing(false));
  }
}
