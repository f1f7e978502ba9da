package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A burst larger than the journal takes at once is refused, not suffered: only 202 and 503 + Retry-After,
 * every 202 reaches a terminal state, and the journal never overflows its queue or opens its breaker
 * (which with stock settings stopped every entity on this machine).
 */
class OverloadTest {

  private static final int BURST = 5_000;

  @TempDir Path home;

  @Test
  void burstOfFiveThousandGetsOnly202And503AndEveryAcceptedInstructionEnds() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home))) {
      var edge = new EdgeClient(node.edgeUrl());
      var participants = node.credentials().participants();
      List<String> tokens = new ArrayList<>();
      for (var p : participants) tokens.add(edge.token(p));

      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>(BURST);
      for (int i = 0; i < BURST; i++)
        calls.add(edge.submit(tokens.get(i % tokens.size()), "burst-" + i, EdgeClient.body("10.00", "+260961234567", "B-" + i)));

      Map<Integer, Integer> statuses = new TreeMap<>();
      List<String[]> accepted = new ArrayList<>(); // {token, instructionId}
      List<String> transportFailures = new ArrayList<>();
      for (int i = 0; i < BURST; i++) {
        HttpResponse<String> r;
        try {
          r = calls.get(i).get();
        } catch (java.util.concurrent.ExecutionException e) {
          transportFailures.add(i + ": " + e.getCause());
          continue;
        }
        statuses.merge(r.statusCode(), 1, Integer::sum);
        if (r.statusCode() == 202) {
          accepted.add(new String[] {tokens.get(i % tokens.size()), EdgeClient.JSON.readTree(r.body()).get("instructionId").asText()});
        } else {
          assertEquals(503, r.statusCode(), "only 202 or 503: " + r.body());
          assertTrue(r.headers().firstValue("Retry-After").isPresent(), "503 carries Retry-After");
          assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        }
      }
      assertEquals(List.of(), transportFailures.subList(0, Math.min(5, transportFailures.size())),
          transportFailures.size() + " requests got no HTTP answer; statuses " + statuses);
      assertTrue(statuses.getOrDefault(202, 0) > 0, "some of the burst is admitted: " + statuses);

      Await.until(Duration.ofMinutes(3), () -> nonTerminal(edge, accepted) == 0, () -> "non-terminal: " + nonTerminalUnchecked(edge, accepted) + " of " + accepted.size() + " " + statuses);
      for (String[] a : accepted) assertEquals("SUCCEEDED", edge.get(a[0], a[1]).get("status").asText());

      JsonNode strikes = edge.getJson(node.mtnSimulatorUrl().orElseThrow() + "/sim/strikes");
      assertEquals(accepted.size(), strikes.get("total").asInt(), "one execution per accepted instruction");
    } finally {
      root.detachAppender(logs);
    }
    for (ILoggingEvent e : logs.list) {
      if (!e.getLevel().isGreaterOrEqual(Level.WARN)) continue;
      String m = e.getFormattedMessage().toLowerCase(Locale.ROOT);
      assertFalse(m.contains("buffer overflow") || m.contains("queue buffer") || m.contains("circuit breaker"), "journal trouble: " + e.getFormattedMessage());
      assertFalse(m.contains("failed to persist") || m.contains("persist failure") || m.contains("persistence failure"), "persist failure: " + e.getFormattedMessage());
    }
  }

  private static long nonTerminal(EdgeClient edge, List<String[]> accepted) throws Exception {
    long n = 0;
    for (String[] a : accepted) {
      String s = edge.get(a[0], a[1]).get("status").asText();
      if (!(s.equals("SUCCEEDED") || s.equals("FAILED") || s.equals("REJECTED"))) n++;
    }
    return n;
  }

  private static String nonTerminalUnchecked(EdgeClient edge, List<String[]> accepted) {
    try {
      return String.valueOf(nonTerminal(edge, accepted));
    } catch (Exception e) {
      return "? " + e;
    }
  }
}
