package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's postmaster is SIGKILLed under load. The node fails closed (503 with Retry-After, never a
 * 500, /ready false), restarts its database by itself with backoff and resumes without any operator action; every
 * instruction accepted before the kill completes; the outage is logged once per interval, not once per request.
 */
class EmbeddedDatabaseKillNodeTest {

  private static final Duration RECOVERY = Duration.ofSeconds(90);

  @TempDir Path home;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void nodeRestartsItsKilledDatabaseAndResumesByItself() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    // The keeper's recovery line and the server's restart line are INFO; the suite's loggers default to WARN.
    for (String name : List.of("org.symphony.node.guardian", "org.symphony.persistence.EmbeddedServer"))
      ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.INFO);
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home))) {
      var edge = new EdgeClient(node.edgeUrl());
      String token = edge.token(node.credentials().participants().get(0));
      String ready = node.managementUrl().replaceAll("/$", "") + "/ready";
      assertEquals(200, status(ready), "ready before the kill");

      // Load in flight when the postmaster dies.
      List<CompletableFuture<HttpResponse<String>>> before = new ArrayList<>();
      for (int i = 0; i < 40; i++)
        before.add(edge.submit(token, "before-" + i, EdgeClient.body("1.00", "+260961234567", "B" + i)));
      List<String> accepted = new ArrayList<>();
      for (var f : before) {
        var r = f.get();
        if (r.statusCode() == 202) accepted.add(EdgeClient.JSON.readTree(r.body()).get("instructionId").asText());
      }
      assertEquals(40, accepted.size(), "all accepted before the kill");

      int logsAtKill = logs.list.size();
      long postmaster = Long.parseLong(Files.readAllLines(home.resolve("pg").resolve("postmaster.pid")).get(0).trim());
      assertTrue(ProcessHandle.of(postmaster).orElseThrow().destroyForcibly(), "SIGKILL the postmaster");

      // Until a submission is accepted again: every answer is 202 or 503 with Retry-After, never anything else.
      Map<Integer, Integer> answers = new TreeMap<>();
      AtomicBoolean sawNotReady = new AtomicBoolean();
      int[] sent = {0};
      Await.until(RECOVERY, () -> {
        if (status(ready) != 200) sawNotReady.set(true);
        var r = edge.submit(token, "during-" + sent[0]++, EdgeClient.body("1.00", "+260961234567", "D")).get();
        answers.merge(r.statusCode(), 1, Integer::sum);
        if (r.statusCode() == 503)
          assertTrue(r.headers().firstValue("Retry-After").isPresent(), "503 carries Retry-After: " + r.body());
        else if (r.statusCode() != 202) throw new AssertionError("during the outage: " + r.statusCode() + " " + r.body());
        return r.statusCode() == 202 && sawNotReady.get();
      }, () -> "the node accepts again by itself; answers so far " + answers);
      assertTrue(answers.getOrDefault(503, 0) > 0, "the outage was refused (fail closed): " + answers);
      assertTrue(sawNotReady.get(), "/ready was false while the database was down");
      Await.until(Duration.ofSeconds(30), () -> status(ready) == 200, () -> "/ready true again");

      // Nothing accepted before the kill is lost: every one reaches SUCCEEDED.
      Await.until(RECOVERY, () -> {
        for (String id : accepted) if (!"SUCCEEDED".equals(edge.get(token, id).get("status").asText())) return false;
        return true;
      }, () -> "every instruction accepted before the kill SUCCEEDED");

      // The outage is a handful of log lines, not one per request: at most a few per source.
      List<ILoggingEvent> outage = List.copyOf(logs.list.subList(logsAtKill, logs.list.size()));
      long perRequest = outage.stream().filter(e -> e.getLoggerName().endsWith("IngressAttestation")
          && e.getLevel().isGreaterOrEqual(Level.WARN)).count();
      assertEquals(0, perRequest, "no warning per refused request");
      long keeper = outage.stream().filter(e -> e.getLoggerName().endsWith("DatabaseKeeper")).count();
      assertTrue(keeper >= 2 && keeper <= 4, "the keeper logs the outage when it starts, per interval, and when it ends: " + keeper);
      assertTrue(outage.stream().anyMatch(e -> e.getLoggerName().endsWith("EmbeddedServer")
          && e.getFormattedMessage().contains("restarted")), "the node restarted its embedded server");
      long warnings = outage.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).count();
      assertTrue(warnings < sent[0] + accepted.size(),
          "warnings (" + warnings + ") fewer than requests during the outage (" + sent[0] + ") plus instructions in flight");
    } finally {
      root.detachAppender(logs);
      for (String name : List.of("org.symphony.node.guardian", "org.symphony.persistence.EmbeddedServer"))
        ((Logger) LoggerFactory.getLogger(name)).setLevel(null);
    }
  }

  private int status(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
