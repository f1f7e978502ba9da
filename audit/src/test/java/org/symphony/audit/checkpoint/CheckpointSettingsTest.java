package org.symphony.audit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointSettingsTest {

  private static final String SNIPPET = """
      symphony.audit.checkpoints {
        every-rows = 10000
        every = 60s
        key-file = ""
        head-file = ""
      }
      """;

  @Test
  void readsTheDefaultsSnippet() {
    assertEquals(new CheckpointSettings(10_000, Duration.ofSeconds(60), Optional.empty()),
        CheckpointSettings.fromConfig(ConfigFactory.parseString(SNIPPET)));
  }

  @Test
  void readsAKeyFile() {
    var config = ConfigFactory.parseString("symphony.audit.checkpoints.key-file = \"/var/lib/symphony/checkpoint.pem\"")
        .withFallback(ConfigFactory.parseString(SNIPPET));
    assertEquals(Optional.of(Path.of("/var/lib/symphony/checkpoint.pem")), CheckpointSettings.fromConfig(config).keyFile());
    assertEquals(Optional.empty(), CheckpointSettings.fromConfig(config).headFile());
  }

  @Test
  void readsAHeadFile() {
    var config = ConfigFactory.parseString("symphony.audit.checkpoints.head-file = \"/var/lib/symphony/signed-chain-head\"")
        .withFallback(ConfigFactory.parseString(SNIPPET));
    assertEquals(Optional.of(Path.of("/var/lib/symphony/signed-chain-head")), CheckpointSettings.fromConfig(config).headFile());
  }

  @Test
  void refusesNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new CheckpointSettings(0, Duration.ofSeconds(1), Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new CheckpointSettings(1, Duration.ZERO, Optional.empty()));
  }
}
