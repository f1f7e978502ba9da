package org.symphony.rails.airtel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.symphony.rails.sim.airtel.AirtelSimulatorSettings;

/** reference.conf carries complete Airtel defaults, and overrides win. */
class AirtelMoneySettingsTest {

  @Test
  void adapterDefaultsPointAtTheLocalSimulator() {
    AirtelMoneySettings settings = AirtelMoneySettings.fromConfig(ConfigFactory.empty());

    assertEquals("http://127.0.0.1:9102", settings.baseUrl());
    assertEquals("ZM", settings.country());
    assertEquals("ZMW", settings.currency());
    assertEquals("260", settings.callingCode());
    assertEquals(Duration.ofSeconds(5), settings.callTimeout());
    assertFalse(settings.toString().contains(settings.clientSecret()), "secrets stay out of toString");
    assertFalse(settings.toString().contains(settings.encryptedPin()), "the PIN stays out of toString");
  }

  @Test
  void adapterOverrides() {
    AirtelMoneySettings settings = AirtelMoneySettings.fromConfig(ConfigFactory.parseString(
        "symphony.rails.airtel { base-url = \"https://openapiuat.airtel.example/\", call-timeout = 750ms,"
            + " country = KE, currency = KES, encrypted-pin = \"cGlu\" }"));

    assertEquals("https://openapiuat.airtel.example", settings.baseUrl(), "trailing slash dropped");
    assertEquals(Duration.ofMillis(750), settings.callTimeout());
    assertEquals("254", settings.callingCode());
    assertEquals("KES", settings.currency());
    assertEquals("cGlu", settings.encryptedPin());
  }

  @Test
  void invalidAdapterSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> AirtelMoneySettings.fromConfig(
        ConfigFactory.parseString("symphony.rails.airtel.call-timeout = 0s")));
    assertThrows(IllegalArgumentException.class, () -> AirtelMoneySettings.fromConfig(
        ConfigFactory.parseString("symphony.rails.airtel.base-url = \"ftp://x\"")));
    assertThrows(IllegalArgumentException.class, () -> AirtelMoneySettings.fromConfig(
        ConfigFactory.parseString("symphony.rails.airtel.country = XX")));
    assertThrows(IllegalArgumentException.class, () -> AirtelMoneySettings.fromConfig(
        ConfigFactory.parseString("symphony.rails.airtel.encrypted-pin = \"not base64!\"")));
    assertThrows(IllegalArgumentException.class, () -> AirtelMoneySettings.fromConfig(
        ConfigFactory.parseString("symphony.rails.airtel.client-secret = \"\"")));
  }

  @Test
  void simulatorDefaultsAndOverrides() {
    AirtelSimulatorSettings defaults = AirtelSimulatorSettings.fromConfig(ConfigFactory.empty());
    assertEquals("127.0.0.1", defaults.host());
    assertEquals(9102, defaults.port());
    assertEquals(Duration.ofMillis(200), defaults.completionDelay());
    assertEquals("0000", defaults.failingPayeeSuffix());
    assertEquals(1_000_000, defaults.maxReferences());
    assertEquals(Duration.ofSeconds(180), defaults.tokenTtl());
    assertEquals(200, defaults.duplicateHttpStatus());

    AirtelSimulatorSettings custom = AirtelSimulatorSettings.fromConfig(ConfigFactory.parseString(
        "symphony.rails.simulator.airtel { port = 0, data-dir = \"/tmp/sim\", completion-delay = 0ms,"
            + " duplicate-http-status = 409 }"));
    assertEquals(0, custom.port());
    assertEquals(Path.of("/tmp/sim"), custom.dataDir());
    assertEquals(Duration.ZERO, custom.completionDelay());
    assertEquals(409, custom.duplicateHttpStatus());
  }

  @Test
  void invalidSimulatorSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> AirtelSimulatorSettings.fromConfig(
        ConfigFactory.parseString("symphony.rails.simulator.airtel.duplicate-http-status = 500")));
    assertThrows(IllegalArgumentException.class, () -> AirtelSimulatorSettings.fromConfig(
        ConfigFactory.parseString("symphony.rails.simulator.airtel.duplicate-http-status = 404")));
    assertThrows(IllegalArgumentException.class, () -> AirtelSimulatorSettings.fromConfig(
        ConfigFactory.parseString("symphony.rails.simulator.airtel.max-references = 0")));
  }
}
