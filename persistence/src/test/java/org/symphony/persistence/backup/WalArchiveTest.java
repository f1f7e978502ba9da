package org.symphony.persistence.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The archive_command as PostgreSQL runs it (sh -c, %p and %f replaced): copies once, never over a different file. */
class WalArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void archivesASegmentAcceptsTheSameSegmentAgainAndRefusesADifferentOne() throws Exception {
        Path archive = Files.createDirectories(tmp.resolve("wal archive")); // a space, as a home path may have
        Path pgWal = Files.createDirectories(tmp.resolve("pg/pg_wal"));
        Path segment = Files.writeString(pgWal.resolve("000000010000000000000001"), "first contents");
        String command = new WalArchive(true, Optional.of(archive), Duration.ofSeconds(60)).serverConfig(tmp.resolve("pg"))
                .get("archive_command");

        assertEquals(0, run(command, segment));
        assertEquals("first contents", Files.readString(archive.resolve(segment.getFileName())));
        assertFalse(Files.exists(archive.resolve(segment.getFileName() + ".tmp")), "renamed into place");

        assertEquals(0, run(command, segment), "archived again after a crash: the same file is fine");

        Files.writeString(segment, "other contents");
        assertNotEquals(0, run(command, segment), "a different file of the same name is refused");
        assertEquals("first contents", Files.readString(archive.resolve(segment.getFileName())), "and not overwritten");
    }

    @Test
    void refusesAnArchivePathTheShellWouldMisread() {
        assertThrows(IllegalArgumentException.class, () -> new WalArchive(true, Optional.of(Path.of("/tmp/it's")), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new WalArchive(true, Optional.of(Path.of("/tmp/$HOME")), Duration.ofSeconds(1)));
    }

    private static int run(String command, Path segment) throws Exception {
        String expanded = command.replace("%p", segment.toString()).replace("%f", segment.getFileName().toString());
        Process p = new ProcessBuilder("/bin/sh", "-c", expanded).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("archive command hung: " + expanded);
        }
        return p.exitValue();
    }
}
