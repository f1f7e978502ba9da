package org.symphony.audit.evidence;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where measured runs leave their results and where {@code symphony evidence-bundle} collects them: the system property
 * {@code symphony.evidence.dir}, else the environment's {@code SYMPHONY_EVIDENCE_DIR}, else {@code <node home>/evidence}.
 * The build sets the property to the reactor root's {@code target/evidence}, so every module's tests write to one place.
 */
public final class EvidenceDirectory {

  public static final String PROPERTY = "symphony.evidence.dir";
  public static final String ENVIRONMENT = "SYMPHONY_EVIDENCE_DIR";

  private EvidenceDirectory() {}

  /** The configured directory, or {@code home/evidence}. */
  public static Path resolve(Path home) {
    return configured().orElse(home.resolve("evidence"));
  }

  public static Optional<Path> configured() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) value = System.getenv(ENVIRONMENT);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value).toAbsolutePath());
  }
}
