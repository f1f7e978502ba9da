package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.edge.auth.TokenCheck;

class EdgeSettingsTest {

  @Test
  void referenceConfHasTheDocumentedDefaults() {
    EdgeSettings s = EdgeSettings.fromConfig(ConfigFactory.defaultReference().resolve());

    assertEquals("127.0.0.1", s.host());
    assertEquals(8080, s.port());
    assertEquals(16384, s.maxBodyBytes());
    assertEquals(512, s.maxInFlight());
    assertEquals(Duration.ofSeconds(10), s.engineTimeout());
    assertEquals(Duration.ofSeconds(1), s.retryAfter());
    assertEquals("symphony-sandbox", s.token().issuer());
    assertEquals(Duration.ofSeconds(900), s.token().ttl());
    assertEquals(Optional.empty(), s.token().keyFile());
  }

  @Test
  void keyFileIsOptionalPath() {
    EdgeSettings s = EdgeSettings.fromConfig(EdgeHarness.config("symphony.edge.token.key-file = \"/var/lib/symphony/token.jwk\""));

    assertEquals(Optional.of(Path.of("/var/lib/symphony/token.jwk")), s.token().keyFile());
  }

  @Test
  void tokensFromSettingsSurviveARestart(@TempDir Path dir) throws Exception {
    EdgeSettings settings =
        EdgeSettings.fromConfig(EdgeHarness.config("symphony.edge.token.key-file = \"" + dir.resolve("key.jwk") + "\""));
    MutableClock clock = new MutableClock(EdgeHarness.START);

    String token = EdgeTokens.load(settings, clock).issuer().issue(EdgeHarness.PARTICIPANT_CLIENT, 1).accessToken();
    EdgeTokens restarted = EdgeTokens.load(settings, clock);

    assertInstanceOf(TokenCheck.Valid.class, restarted.verifier().verify(token));
  }

  @Test
  void unboundedValuesAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> EdgeSettings.fromConfig(EdgeHarness.config("symphony.edge.admission.max-in-flight = 0")));
    assertThrows(
        IllegalArgumentException.class,
        () -> EdgeSettings.fromConfig(EdgeHarness.config("symphony.edge.max-body-bytes = 1g")));
  }
}
