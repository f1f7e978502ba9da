package org.symphony.rails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.symphony.rails.mtn.MtnMomoSettings;
import org.symphony.rails.sim.mtn.MtnSimulatorSettings;

/** reference.conf carries complete defaults, and overrides win. */
class RailsConfigTest {

  @Test
  void mtnAdapterDefaultsPointAtTheLocalSimulator() {
    MtnMomoSettings settings = MtnMomoSettings.fromConfig(ConfigFactory.empty());

    assertEquals("http://127.0.0.1:9101", settings.baseUrl());
    assertEquals("mtnzambia", settings.targetEnvironment(), "the simulator impersonates MTN Zambia");
    assertEquals(Duration.ofSeconds(5), settings.callTimeout());
    assertFalse(settings.toString().contains(settings.apiKey()), "secrets stay out of toString");
  }

  @Test
  void mtnAdapterOverrides() {
    MtnMomoSettings settings = MtnMomoSettings.fromConfig(ConfigFactory.parseString(
        "symphony.rails.mtn { base-url = \"https://momo.example/\", call-timeout = 750ms, target-environment = sandbox }"));

    assertEquals("https://momo.example", settings.baseUrl(), "trailing slash dropped");
    assertEquals(Duration.ofMillis(750), settings.callTimeout());
    assertEquals("sandbox", settings.targetEnvironment());
  }

  @Test
  void invalidAdapterSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> MtnMomoSettings.fromConfig(
        ConfigFactory.parseString("symphony.rails.mtn.call-timeout = 0s")));
    assertThrows(IllegalArgumentException.class, () -> MtnMomoSettings.fromConfig(
        ConfigFactory.parseString("symphony.rails.mtn.base-url = \"ftp://x\"")));
  }

  @Test
  void simulatorDefaultsAndOverrides() {
    MtnSimulatorSettings defaults = MtnSimulatorSettings.fromConfig(ConfigFactory.empty());
    assertEquals("127.0.0.1", defaults.host());
    assertEquals(9101, defaults.port());
    assertEquals(Duration.ofMillis(200), defaults.completionDelay());
    assertEquals("0000", defaults.failingPayeeSuffix());
    assertEquals(1_000_000, defaults.maxReferences());
    assertEquals("mtnzambia", defaults.targetEnvironment(), "the same environment as the adapter's default");
    assertEquals(MtnMomoSettings.fromConfig(ConfigFactory.empty()).targetEnvironment(), defaults.targetEnvironment());
    assertEquals("", defaults.callbackHost(), "any callback host unless one is registered");

    MtnSimulatorSettings custom = MtnSimulatorSettings.fromConfig(ConfigFactory.parseString(
        "symphony.rails.simulator.mtn { port = 0, data-dir = \"/tmp/sim\", completion-delay = 0ms }"));
    assertEquals(0, custom.port());
    assertEquals(Path.of("/tmp/sim"), custom.dataDir());
    assertEquals(Duration.ZERO, custom.completionDelay());
  }
}
