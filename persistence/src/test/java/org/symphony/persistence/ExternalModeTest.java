package org.symphony.persistence;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class ExternalModeTest {

    private static SymphonyDatabase server;

    @BeforeAll
    static void startServer() {
        server = SymphonyDatabase.start(TestDatabases.ephemeral());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void connectsToExternalUrlWithoutStartingAServer() {
        EmbeddedCredentials roles = server.embeddedCredentials().orElseThrow();
        DatabaseSettings settings = TestDatabases.ephemeral().withExternal(new DatabaseSettings.External(server.jdbcUrl(),
                roles.ownerUser(), roles.ownerPassword(), roles.runtimeUser(), roles.runtimePassword()));
        try (SymphonyDatabase external = SymphonyDatabase.start(settings)) {
            assertFalse(external.isEmbedded());
            assertEquals(roles.runtimeUser(), external.user(), "the node's pools use the runtime role");
            assertEquals(roles.ownerUser(), Sql.queryString(external, "SELECT current_user"), "the owner's pool uses the owner");
            assertEquals(server.jdbcUrl(), external.jdbcUrl());
            assertEquals(server.serverVersion(), external.serverVersion());
            // Same postmaster, same cluster: nothing new was started.
            assertEquals(Sql.queryString(server, "SHOW data_directory"), Sql.queryString(external, "SHOW data_directory"));
            assertEquals(Sql.queryString(server, "SELECT pg_postmaster_start_time()::text"),
                    Sql.queryString(external, "SELECT pg_postmaster_start_time()::text"));
            assertTrue(external.durabilityReport().isDurable());
        }
        // Closing the external handle must not stop the server it merely connected to.
        assertEquals("1", Sql.queryString(server, "SELECT 1"));
    }

    @Test
    void withoutRuntimeCredentialsThePoolsUseTheOwner() throws Exception {
        EmbeddedCredentials roles = server.embeddedCredentials().orElseThrow();
        DatabaseSettings settings = TestDatabases.ephemeral().withExternal(server.jdbcUrl(), roles.ownerUser(), roles.ownerPassword());
        try (SymphonyDatabase external = SymphonyDatabase.start(settings);
             var c = external.dataSource().getConnection(); var s = c.createStatement(); var rs = s.executeQuery("SELECT current_user")) {
            rs.next();
            assertEquals(roles.ownerUser(), rs.getString(1));
            assertEquals(roles.ownerUser(), external.user());
        }
    }

    @Test
    void externalModeIsChosenByConfiguredUrl() {
        DatabaseSettings settings = DatabaseSettings.fromConfig(com.typesafe.config.ConfigFactory
                .parseString("symphony.persistence.external { url = \"" + server.jdbcUrl() + "\", user = " + server.user()
                        + ", password = \"" + server.password() + "\" }")
                .withFallback(com.typesafe.config.ConfigFactory.load()));
        assertTrue(settings.isExternal());
        try (SymphonyDatabase external = SymphonyDatabase.start(settings)) {
            assertFalse(external.isEmbedded());
        }
    }

    @Test
    void unreachableExternalServerFailsStartWithClearMessage() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "jdbc:postgresql://localhost:" + closedPort + "/symphony?password=hunter2";
        DatabaseStartException e = assertThrows(DatabaseStartException.class,
                () -> SymphonyDatabase.start(TestDatabases.ephemeral().withExternal(url, "symphony", null)));
        assertTrue(e.getMessage().contains("localhost:" + closedPort), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), "password leaked: " + e.getMessage());
    }
}
