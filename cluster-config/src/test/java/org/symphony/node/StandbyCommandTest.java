package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input to `symphony standby` and `symphony ledger-rebuild`: one line on stderr, exit 2, no stack trace. */
class StandbyCommandTest {

  @TempDir Path home;

  @Test
  void standbyWithoutARunningNodeIsOneLineAndExit2() {
    String[] err = new String[1];
    int exit = run(err, "standby", "--home", home.toString());
    assertEquals(StandbyCommand.CANNOT_START, exit);
    assertEquals(1, err[0].lines().count(), err[0]);
    assertTrue(err[0].contains("no dev.json in " + home), err[0]);
    assertTrue(Files.notExists(home.resolve("pg-standby")), "nothing seeded");
  }

  @Test
  void ledgerRebuildWithoutCheckOrDatabaseIsOneLineAndExit2() {
    String[] err = new String[1];
    assertEquals(LedgerRebuildCommand.CANNOT_RUN, run(err, "ledger-rebuild", "--home", home.toString()));
    assertTrue(err[0].contains("give --check") && err[0].lines().count() == 1, err[0]);
    assertEquals(LedgerRebuildCommand.CANNOT_RUN, run(err, "ledger-rebuild", "--check", "--home", home.toString()));
    assertTrue(err[0].contains("no database given") && err[0].lines().count() == 1, err[0]);
  }

  private static int run(String[] err, String... args) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream previous = System.err;
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      return new CommandLine(new Main()).execute(args);
    } finally {
      System.setErr(previous);
      err[0] = buffer.toString(StandardCharsets.UTF_8);
    }
  }
}
