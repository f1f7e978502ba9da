package org.symphony.rails.rtgs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.symphony.rails.sim.rtgs.RtgsSimulatorSettings;

/** reference.conf carries complete RTGS defaults, and overrides win. */
class RtgsConfigTest {

  @Test
  void adapterDefaultsPointAtTheLocalSimulator() {
    RtgsSettings settings = RtgsSettings.fromConfig(ConfigFactory.empty());

    assertEquals("http://127.0.0.1:9103", settings.baseUrl());
    assertEquals("SYMPZMLU", settings.instructingAgentBic());
    assertEquals(Duration.ofSeconds(5), settings.callTimeout());
    assertEquals("RTGSZMLU", settings.receiverBic());
    assertEquals("Symphony Payments Ltd", settings.debtorName());
    assertEquals("SHAR", settings.chargeBearer());
    assertEquals("swift.cbprplus.03", settings.businessService());
    assertEquals(ZoneId.of("Africa/Lusaka"), settings.zone());
    assertEquals("/iso20022/pacs.008", settings.submitPath());
    assertEquals("/iso20022/pacs.028", settings.statusPath());
  }

  @Test
  void theZipssSettingsCanBeOverridden() {
    RtgsSettings settings = RtgsSettings.fromConfig(ConfigFactory.parseString(
        "symphony.rails.rtgs { receiver-bic = \"BOZAZMLUXXX\", debtor-name = \"Acme Payouts Ltd\", charge-bearer = DEBT,"
            + " business-service = \"zipss.hvps.01\", time-zone = \"UTC\", submit-path = \"/gw/v1/pacs008\","
            + " status-path = \"/gw/v1/pacs028\" }"));

    assertEquals("BOZAZMLUXXX", settings.receiverBic());
    assertEquals("Acme Payouts Ltd", settings.debtorName());
    assertEquals("DEBT", settings.chargeBearer());
    assertEquals("zipss.hvps.01", settings.businessService());
    assertEquals(ZoneId.of("UTC"), settings.zone());
    assertEquals("/gw/v1/pacs008", settings.submitPath());
    assertEquals("/gw/v1/pacs028", settings.statusPath());
  }

  @Test
  void invalidZipssSettingsAreRefused() {
    for (String bad : new String[] {
      "receiver-bic = \"rtgs\"", "debtor-name = \"  \"", "debtor-name = \"" + "x".repeat(141) + "\"",
      "charge-bearer = SLEV", "business-service = \"\"", "time-zone = \"Mars/Olympus\"", "submit-path = \"no-slash\"",
      "status-path = \"/a b\""})
      assertThrows(IllegalArgumentException.class,
          () -> RtgsSettings.fromConfig(ConfigFactory.parseString("symphony.rails.rtgs." + bad)), bad);
  }

  @Test
  void adapterOverrides() {
    RtgsSettings settings = RtgsSettings.fromConfig(ConfigFactory.parseString(
        "symphony.rails.rtgs { base-url = \"https://rtgs.example/\", instructing-agent-bic = \"BOZAZMLUXXX\", call-timeout = 750ms }"));

    assertEquals("https://rtgs.example", settings.baseUrl(), "trailing slash dropped");
    assertEquals("BOZAZMLUXXX", settings.instructingAgentBic());
    assertEquals(Duration.ofMillis(750), settings.callTimeout());
  }

  @Test
  void invalidAdapterSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> RtgsSettings.fromConfig(
        ConfigFactory.parseString("symphony.rails.rtgs.call-timeout = 0s")));
    assertThrows(IllegalArgumentException.class, () -> RtgsSettings.fromConfig(
        ConfigFactory.parseString("symphony.rails.rtgs.base-url = \"ftp://x\"")));
    assertThrows(IllegalArgumentException.class, () -> RtgsSettings.fromConfig(
        ConfigFactory.parseString("symphony.rails.rtgs.instructing-agent-bic = \"sympzmlu\"")));
  }

  @Test
  void simulatorDefaultsAndOverrides() {
    RtgsSimulatorSettings defaults = RtgsSimulatorSettings.fromConfig(ConfigFactory.empty());
    assertEquals("127.0.0.1", defaults.host());
    assertEquals(9103, defaults.port());
    assertEquals(Duration.ofMillis(300), defaults.completionDelay());
    assertEquals(1_000_000, defaults.maxReferences());

    RtgsSimulatorSettings custom = RtgsSimulatorSettings.fromConfig(ConfigFactory.parseString(
        "symphony.rails.simulator.rtgs { port = 0, data-dir = \"/tmp/rtgs-sim\", completion-delay = 0ms, max-references = 5 }"));
    assertEquals(0, custom.port());
    assertEquals(Path.of("/tmp/rtgs-sim"), custom.dataDir());
    assertEquals(Duration.ZERO, custom.completionDelay());
    assertEquals(5, custom.maxReferences());
  }
}
