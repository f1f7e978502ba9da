package org.symphony.audit.checkpoint;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code symphony.audit.checkpoints}: sign the chain head every {@code everyRows} rows or {@code every}, whichever
 * comes first (a promise verification holds the node to); {@code keyFile} holds the Ed25519 key (empty = a fresh key
 * per start); {@code headFile} is where each signed head is published outside the database (empty = not published).
 */
public record CheckpointSettings(long everyRows, Duration every, Optional<Path> keyFile, Optional<Path> headFile) {

  public static final String SECTION = "symphony.audit.checkpoints";

  public CheckpointSettings {
    if (everyRows < 1) throw new IllegalArgumentException("every-rows must be at least 1, was " + everyRows);
    Objects.requireNonNull(every, "every");
    if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("every must be positive, was " + every);
    keyFile = keyFile == null ? Optional.empty() : keyFile;
    headFile = headFile == null ? Optional.empty() : headFile;
  }

  public CheckpointSettings(long everyRows, Duration every, Optional<Path> keyFile) {
    this(everyRows, every, keyFile, Optional.empty());
  }

  public static CheckpointSettings fromConfig(Config root) {
    Config c = root.getConfig(SECTION);
    return new CheckpointSettings(c.getLong("every-rows"), c.getDuration("every"), path(c, "key-file"), path(c, "head-file"));
  }

  private static Optional<Path> path(Config c, String key) {
    String value = c.getString(key);
    return value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
  }
}
