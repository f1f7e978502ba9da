package org.symphony.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseSettingsTest {

    /** reference.conf alone, resolved without the environment so SYMPHONY_DB_* of the machine cannot leak in. */
    private static Config reference(String overrides) {
        return ConfigFactory.parseString(overrides)
                .withFallback(ConfigFactory.parseResources("reference.conf"))
                .withFallback(ConfigFactory.systemProperties())
                .resolve(com.typesafe.config.ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    }

    @Test
    void defaultsToDurableEmbeddedServerUnderHome() {
        DatabaseSettings s = DatabaseSettings.fromConfig(reference(""));
        assertFalse(s.isExternal());
        assertFalse(s.ephemeral());
        assertEquals(Path.of(System.getProperty("user.home"), ".symphony", "pg"), s.dataDir());
        assertEquals(0, s.port());
        assertEquals(16, s.poolSize());
        assertEquals(100, s.maxConnections());
        assertEquals(Duration.ofSeconds(10), s.connectionTimeout());
        assertEquals(Duration.ofSeconds(60), s.statementTimeout());
    }

    @Test
    void externalUrlSwitchesToExternalMode() {
        DatabaseSettings s = DatabaseSettings.fromConfig(reference(
                "symphony.persistence.external { url = \"jdbc:postgresql://db:5432/symphony\", user = app, password = pw }"));
        assertTrue(s.isExternal());
        assertEquals(new DatabaseSettings.External("jdbc:postgresql://db:5432/symphony", "app", "pw"), s.external().orElseThrow());
    }

    @Test
    void externalRuntimeRoleIsOptional() {
        DatabaseSettings s = DatabaseSettings.fromConfig(reference("symphony.persistence.external { url = \"jdbc:postgresql://db/s\","
                + " user = owner, password = pw, runtime-user = symphony_node, runtime-password = rpw }"));
        DatabaseSettings.External external = s.external().orElseThrow();
        assertTrue(external.hasRuntimeRole());
        assertEquals("symphony_node", external.runtimeUser());
        assertEquals("rpw", external.runtimePassword());
        assertFalse(external.toString().contains("rpw"), external.toString());
        assertFalse(new DatabaseSettings.External("jdbc:postgresql://db/s", "owner", "pw").hasRuntimeRole());
        // The role name ends up in GRANT statements: plain identifiers only.
        assertThrows(IllegalArgumentException.class,
                () -> new DatabaseSettings.External("jdbc:postgresql://db/s", "owner", "pw", "x\"; DROP TABLE t; --", "p"));
    }

    @Test
    void blankExternalUrlMeansEmbedded() {
        assertFalse(DatabaseSettings.fromConfig(reference("symphony.persistence.external.url = \"\"")).isExternal());
    }

    @Test
    void readsEnvironmentVariablesThroughSubstitution() {
        // Same substitution reference.conf uses for SYMPHONY_DB_URL, fed from a stand-in for the environment.
        Config env = ConfigFactory.parseString("SYMPHONY_DB_URL = \"jdbc:postgresql://env-host/db\", SYMPHONY_DB_USER = envuser");
        Config config = ConfigFactory.parseResources("reference.conf")
                .withFallback(ConfigFactory.systemProperties())
                .withFallback(env)
                .resolve(com.typesafe.config.ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
        DatabaseSettings s = DatabaseSettings.fromConfig(config);
        assertEquals("jdbc:postgresql://env-host/db", s.external().orElseThrow().url());
        assertEquals("envuser", s.external().orElseThrow().user());
        assertEquals(null, s.external().orElseThrow().password());
    }

    @Test
    void programmaticOverrides() {
        DatabaseSettings s = DatabaseSettings.fromConfig(reference(""))
                .withEphemeral(true).withPort(5499).withDataDir(Path.of("/x")).withPoolSize(3);
        assertTrue(s.ephemeral());
        assertEquals(5499, s.port());
        assertEquals(Path.of("/x"), s.dataDir());
        assertEquals(3, s.poolSize());
        assertFalse(s.withExternal("jdbc:postgresql://h/d", null, null).withoutExternal().isExternal());
    }

    @Test
    void toStringHidesPassword() {
        DatabaseSettings s = DatabaseSettings.fromConfig(reference(""))
                .withExternal("jdbc:postgresql://h/d?password=urlsecret", "app", "pwsecret");
        assertFalse(s.toString().contains("pwsecret"), s.toString());
        assertFalse(s.toString().contains("urlsecret"), s.toString());
    }

    @Test
    void rejectsNonsense() {
        DatabaseSettings s = DatabaseSettings.fromConfig(reference(""));
        assertThrows(IllegalArgumentException.class, () -> s.withPoolSize(0));
        assertThrows(IllegalArgumentException.class, () -> s.withPort(70000));
        assertThrows(IllegalArgumentException.class, () -> s.withExternal(" ", null, null));
    }

    @Test
    void embeddedServerListensOnLoopbackOnlyByDefault() {
        DatabaseSettings s = DatabaseSettings.fromConfig(reference(""));
        assertEquals(EmbeddedNetwork.LOCAL, s.network());
        assertEquals("localhost", s.network().listenAddresses());
        assertTrue(s.network().allowedNetworks().isEmpty());
    }

    @Test
    void embeddedServerMayLetInOtherNetworks() {
        DatabaseSettings s = DatabaseSettings.fromConfig(reference("symphony.persistence.embedded {"
                + " listen-addresses = \"localhost,10.77.0.1\", allowed-networks = [\"10.77.0.0/24\", \"fd00::/64\"] }"));
        assertEquals("localhost,10.77.0.1", s.network().listenAddresses());
        assertEquals(java.util.List.of("10.77.0.0/24", "fd00::/64"), s.network().allowedNetworks());
    }

    @Test
    void refusesWhatWouldNotBeANetworkInPgHba() {
        // Both end up in the server's command line and pg_hba.conf: nothing but addresses and CIDRs.
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedNetwork(" ", java.util.List.of()));
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedNetwork("localhost' -c x='y", java.util.List.of()));
        for (String bad : java.util.List.of("10.0.0.0", "10.0.0.0/33", "300.0.0.0/8", "all", "0.0.0.0/0 trust", "10.0.0.0/8\nlocal all all trust")) {
            assertThrows(IllegalArgumentException.class, () -> new EmbeddedNetwork("localhost", java.util.List.of(bad)), bad);
        }
    }
}
