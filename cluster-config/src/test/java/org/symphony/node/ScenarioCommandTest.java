package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code symphony scenario}: one line on stderr, exit 2 for usage and 1 for a run that cannot happen, no stack trace. */
class ScenarioCommandTest {

  @TempDir Path home;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    var line = Main.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int exit = line.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** The exit code, and exactly one line on stderr that says what is wrong (and is no stack trace). */
  static void assertOneLine(Run run, int exit, String mentions) {
    assertEquals(exit, run.exit(), run.err());
    List<String> lines = run.err().strip().lines().toList();
    assertEquals(1, lines.size(), "one line on stderr: " + run.err());
    assertTrue(lines.get(0).startsWith("symphony scenario: "), lines.get(0));
    assertTrue(lines.get(0).contains(mentions), "'" + mentions + "' in: " + lines.get(0));
    assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), run.err());
  }

  @Test
  void anUnknownScenarioIsRefusedNamingTheKnownOnes() {
    Run run = run("scenario", "nope", "--home", home.toString());
    assertOneLine(run, 2, "unknown scenario 'nope' (known: standard)");
    assertOneLine(run("scenario", "--home", home.toString()), 2, "known: standard");
  }

  @Test
  void badNumbersAndValuesAreUsageErrors() {
    assertOneLine(run("scenario", "standard", "--instructions", "abc"), 2, "--instructions");
    assertOneLine(run("scenario", "standard", "--instructions", "0", "--home", home.toString()), 2, "--instructions must be 1..");
    assertOneLine(run("scenario", "standard", "--participants", "-1", "--home", home.toString()), 2, "--participants must be 1..");
    assertOneLine(run("scenario", "standard", "--seed", "4x2"), 2, "--seed");
    assertOneLine(run("scenario", "standard", "--faults", "sometimes", "--home", home.toString()), 2, "--faults must be standard or none");
    assertOneLine(run("scenario", "standard", "--settle-timeout", "soon", "--home", home.toString()), 2, "--settle-timeout");
    assertOneLine(run("scenario", "standard", "--bogus"), 2, "--bogus");
  }

  @Test
  void anUnwritableOutPathIsRefusedBeforeTheNodeIsContacted() throws Exception {
    int port = TestNodes.freePort(); // nothing listens: had the node been contacted first, the error would name it
    devJson(port, 3);
    Path notADirectory = Files.writeString(home.resolve("a-file"), "x");
    Run run = run("scenario", "standard", "--home", home.toString(), "--out", notADirectory.resolve("results.json").toString());
    assertOneLine(run, 2, "--out");
    assertFalse(run.err().contains(Integer.toString(port)), run.err());
    assertOneLine(run("scenario", "standard", "--home", home.toString(), "--out", home.toString()), 2, "is a directory");
  }

  @Test
  void anUnreachableNodeIsOneLineNamingItsUrl() throws Exception {
    int port = TestNodes.freePort();
    devJson(port, 3);
    Run run = run("scenario", "standard", "--home", home.toString(), "--seed", "1");
    assertOneLine(run, 1, "not reachable at http://127.0.0.1:" + port);
    assertEquals("", run.out());
  }

  @Test
  void aHomeWithoutDevJsonOrWithTooFewParticipantsIsRefused() throws Exception {
    assertOneLine(run("scenario", "standard", "--home", home.toString()), 1, "dev.json");
    devJson(TestNodes.freePort(), 1);
    assertOneLine(run("scenario", "standard", "--home", home.toString(), "--participants", "3"), 2, "3 participants asked");
  }

  private void devJson(int port, int participants) throws IOException {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < participants; i++)
      list.append(i == 0 ? "" : ",").append("{\"id\":\"p").append(i).append("\",\"client_id\":\"p").append(i).append("\",\"client_secret\":\"s\"}");
    String url = "http://127.0.0.1:" + port;
    Files.writeString(home.resolve("dev.json"), "{\"edge_url\":\"" + url + "\",\"mtn_simulator_url\":\"" + url + "\",\"airtel_simulator_url\":\""
        + url + "\",\"rtgs_simulator_url\":\"" + url + "\",\"participants\":[" + list + "],"
        + "\"operator\":{\"client_id\":\"operator\",\"client_secret\":\"s\"}}");
  }
}
