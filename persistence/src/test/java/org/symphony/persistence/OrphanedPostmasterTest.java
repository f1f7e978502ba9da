package org.symphony.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A node killed with SIGKILL leaves its postmaster running; the next start must take the directory back. */
@Timeout(180)
class OrphanedPostmasterTest {

    @TempDir
    Path tmp;

    @Test
    void restartAfterKillMinus9StopsOrphanAndKeepsData() throws Exception {
        Path dataDir = tmp.resolve("pg");
        Process child = startChildNode(dataDir);
        long orphanPid;
        try {
            awaitReady(child);
            orphanPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, postmaster is left behind
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child JVM did not die");
        }
        assertTrue(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false),
                "precondition: postmaster " + orphanPid + " outlives its killed node");

        try (SymphonyDatabase db = SymphonyDatabase.start(TestDatabases.persistent(dataDir))) {
            assertFalse(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false), "orphan stopped");
            assertEquals(0, db.migrate().applied());
            assertTrue(new ApiClients(db.dataSource(), TestClientSecrets.SECRETS).verify("before-crash", "secret").isPresent(), "row survived");
            assertTrue(db.durabilityReport().isDurable());
        }
    }

    private static Process startChildNode(Path dataDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                OrphanedServerMain.class.getName(), dataDir.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void awaitReady(Process child) {
        List<String> output = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.equals("READY")) {
                    return;
                }
                output.add(line);
            }
            fail("child node exited before READY:\n" + String.join("\n", output));
        }, () -> "child node not ready in time:\n" + String.join("\n", output));
    }
}
