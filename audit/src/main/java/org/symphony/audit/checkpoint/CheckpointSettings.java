package org.symphony.audit.checkpoint;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code symphony.audit.checkpoints}: sign the chain head every {@code everyRows} rows or {@code every}, whichever
 * comes first; {@code keyFile} holds the Ed25519 key (empty = a fresh key per start, registered like any other).
 */
public record CheckpointSettings(long everyRows, Duration every, Optional<Path> keyFile) {

  public static final String SECTION = "symphony.audit.checkpoints";

  public CheckpointSettings {
    if (everyRows < 1) throw new IllegalArgumentException("every-rows must be at least 1, was " + everyRows);
    Objects.requireNonNull(every, "every");
    if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("every must be positive, was " + every);
    keyFile = keyFile == null ? Optional.empty() : keyFile;
  }

  public static CheckpointSettings fromConfig(Config root) {
    Config c = root.getConfig(SECTION);
    String keyFile = c.getString("key-file");
    return new CheckpointSettings(
        c.getLong("every-rows"),
        c.getDuration("every"),
        keyFile.isBlank() ? Optional.empty() : Optional.of(Path.of(keyFile)));
  }
}
