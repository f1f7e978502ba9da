package org.symphony.node;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A `symphony` command run in-process, as Main runs it, with what it printed on stdout and stderr. */
record CommandRun(int exit, String out, String err) {

  static synchronized CommandRun of(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    PrintStream previousOut = System.out;
    PrintStream previousErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = Main.commandLine().execute(args);
      return new CommandRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(previousOut);
      System.setErr(previousErr);
    }
  }

  /** Exactly one line on stderr, no stack trace. */
  boolean oneErrorLine() {
    String e = err.strip();
    return !e.isEmpty() && !e.contains("\n") && !e.contains("Exception");
  }
}
