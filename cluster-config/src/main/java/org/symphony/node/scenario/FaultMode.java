package org.symphony.node.scenario;

import java.util.Locale;
import java.util.Optional;

/** The simulators' faults during the submission phase. */
public enum FaultMode {
  /** Moderate rates of every fault the simulators support (seeded). */
  STANDARD,
  /** No faults. */
  NONE;

  public static Optional<FaultMode> parse(String text) {
    for (FaultMode m : values()) if (m.name().equals(text.toUpperCase(Locale.ROOT))) return Optional.of(m);
    return Optional.empty();
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
