package org.symphony.persistence;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link OrphanedPostmasterTest}: starts the embedded database on a data directory, writes a
 * row, reports READY on stdout and waits to be killed with SIGKILL, leaving its postmaster orphaned.
 */
public final class OrphanedServerMain {

    public static void main(String[] args) throws Exception {
        SymphonyDatabase db = SymphonyDatabase.start(TestDatabases.persistent(Path.of(args[0])));
        db.migrate();
        new ApiClients(db.dataSource(), TestClientSecrets.SECRETS).upsert("before-crash", "secret", "BANK_A", ClientRole.PARTICIPANT);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        out.println("READY");
        // Block until killed; the parent never writes to our stdin.
        System.in.read();
    }
}
