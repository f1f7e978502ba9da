package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL's postmaster is SIGKILLed under load. The node fails closed (503 with Retry-After, never a
 * 500, /ready false), restarts its database by itself with backoff and resumes without any operator action; every
 * instruction accepted before the kill completes; the outage is logged once per interval, not once per request.
 */
class EmbeddedDatabaseKillNodeTest {

  private static final Duration RECOVERY = Duration.ofSeconds(90);

  @TempDir Path home;

  @Test
  void nodeRestartsItsKilledDatabaseAndResumesByItself() throws Exception {
    // The keeper's recovery line and the server's restart line are INFO.
    try (CapturedLogs logs = CapturedLogs.start("org.symphony.node.guardian", "org.symphony.persistence.EmbeddedServer");
         SymphonyNode node = SymphonyNode.start(TestNodes.options(home))) {
      OutageLoad load = new OutageLoad(node);
      assertEquals(200, load.ready(), "ready before the kill");

      // Load in flight when the postmaster dies.
      List<String> accepted = OutageLoad.acceptedIds(load.collect(load.fire("before", 40)));
      assertEquals(40, accepted.size(), "all accepted before the kill: " + load.summary());

      int logsAtKill = logs.mark();
      long postmaster = Long.parseLong(Files.readAllLines(home.resolve("pg").resolve("postmaster.pid")).get(0).trim());
      assertTrue(ProcessHandle.of(postmaster).orElseThrow().destroyForcibly(), "SIGKILL the postmaster");

      // Until a submission is accepted again: every answer is 202 or 503 with Retry-After, never anything else.
      List<OutageLoad.Answer> during = load.until(RECOVERY, "during",
          answers -> !answers.isEmpty() && answers.get(answers.size() - 1).accepted() && load.sawNotReady());
      assertTrue(!during.isEmpty() && during.get(during.size() - 1).accepted(),
          "the node accepts again by itself: " + load.summary());
      assertEquals(0, load.otherStatuses(), "only 202 or 503 with Retry-After during the outage: " + load.summary());
      assertTrue(load.refused503() > 0, "the outage was refused (fail closed): " + load.summary());
      assertTrue(load.sawNotReady(), "/ready was false while the database was down");
      Await.until(Duration.ofSeconds(30), () -> load.ready() == 200, () -> "/ready true again");

      // Nothing accepted before the kill is lost: every one reaches SUCCEEDED.
      OutageLoad.Settlement settled = load.settle(accepted, RECOVERY);
      assertEquals(Map.of("SUCCEEDED", accepted.size()), settled.byStatus(),
          "every instruction accepted before the kill SUCCEEDED");

      // The outage is a handful of log lines, not one per request: at most a few per source.
      List<ILoggingEvent> outage = logs.since(logsAtKill);
      long perRequest = outage.stream().filter(e -> e.getLoggerName().endsWith("IngressAttestation")
          && e.getLevel().isGreaterOrEqual(Level.WARN)).count();
      assertEquals(0, perRequest, "no warning per refused request");
      long keeper = outage.stream().filter(e -> e.getLoggerName().endsWith("DatabaseKeeper")).count();
      assertTrue(keeper >= 2 && keeper <= 4, "the keeper logs the outage when it starts, per interval, and when it ends: " + keeper);
      assertTrue(outage.stream().anyMatch(e -> e.getLoggerName().endsWith("EmbeddedServer")
          && e.getFormattedMessage().contains("restarted")), "the node restarted its embedded server");
      long warnings = outage.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).count();
      assertTrue(warnings < during.size() + accepted.size(),
          "warnings (" + warnings + ") fewer than requests during the outage (" + during.size() + ") plus instructions in flight");
    }
  }
}
