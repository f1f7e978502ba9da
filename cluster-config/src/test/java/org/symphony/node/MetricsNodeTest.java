package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's Prometheus endpoint, scraped over HTTP: after one instruction the KPIs exist and have moved. */
class MetricsNodeTest {

  @TempDir static Path home;
  private static SymphonyNode node;
  private static EdgeClient edge;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    node = SymphonyNode.start(TestNodes.options(home).withOverride("kamon.metric.tick-interval", "500ms"));
    edge = new EdgeClient(node.edgeUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  @Test
  void oneInstructionMovesTheAttestationStateAndRailSeries() throws Exception {
    String metricsUrl = node.metricsUrl().orElseThrow();
    assertNotEquals(":9095/", metricsUrl.substring(metricsUrl.lastIndexOf(':'), metricsUrl.lastIndexOf(':') + 6), "tests use a free port");
    var participant = node.credentials().participants().get(0);
    String token = edge.token(participant);
    var response = edge.submit(token, "metrics-1", EdgeClient.body("12.00", "+260961234567", "MET-1")).get();
    assertEquals(202, response.statusCode(), response.body());
    String id = EdgeClient.JSON.readTree(response.body()).get("instructionId").asText();
    Await.until(Duration.ofSeconds(30), () -> "SUCCEEDED".equals(edge.get(token, id).get("status").asText()), () -> "instruction succeeded");
    // A duplicate: replayed, never executed again, and counted as blocked.
    assertEquals(200, edge.submit(token, "metrics-1", EdgeClient.body("12.00", "+260961234567", "MET-1")).get().statusCode());
    // Refusals: one by a known participant (attested with its identity), one without a valid token (counted per source).
    assertEquals(400, edge.submit(token, "metrics-2", EdgeClient.body("-1.00", "+260961234567", "MET-2")).get().statusCode());
    assertEquals(401, edge.submit("not-a-token", "metrics-3", EdgeClient.body("1.00", "+260961234567", "MET-3")).get().statusCode());

    String[] scrape = new String[1];
    Await.until(
        Duration.ofSeconds(30),
        () -> {
          scrape[0] = scrape(metricsUrl);
          return value(scrape[0], "symphony_attestations_total", "").orElse(0) >= 2
              && value(scrape[0], "symphony_rail_calls_total", "rail=\"mtn-momo\"").orElse(0) >= 1
              && value(scrape[0], "symphony_instruction_state_entered_total", "state=\"SUCCEEDED\"").orElse(0) >= 1
              && value(scrape[0], "symphony_duplicates_blocked_total", "kind=\"replayed\"").orElse(0) >= 1
              && value(scrape[0], "symphony_projection_events_total", "slice=").orElse(0) >= 1
              && value(scrape[0], "symphony_edge_answers_total", "outcome=\"TOKEN_INVALID\"").orElse(0) >= 1;
        },
        () -> "series moved; last scrape:\n" + scrape[0]);

    String s = scrape[0];
    assertTrue(value(s, "symphony_instruction_state_entered_total", "state=\"PENDING\"").orElse(0) >= 1);
    assertTrue(value(s, "symphony_instruction_state_entered_total", "state=\"IN_FLIGHT\"").orElse(0) >= 1);
    assertTrue(value(s, "symphony_attestation_batch_size_count", "").orElse(0) >= 1, s);
    assertTrue(value(s, "symphony_rail_call_seconds_count", "rail=\"mtn-momo\"").orElse(0) >= 1, s);
    assertTrue(value(s, "symphony_journal_write_seconds_count", "").orElse(0) >= 1, s);
    assertTrue(value(s, "symphony_journal_events_total", "").orElse(0) >= 4, s);
    // Every answer the edge attested, by status and outcome: what an operator watches for shedding. (At least:
    // Kamon is global to the JVM, and a node closed just before this one may still hand over its last counts.)
    assertTrue(value(s, "symphony_edge_answers_total", "outcome=\"ACCEPTED\"", "status=\"202\"").orElse(0) >= 1, s);
    assertTrue(value(s, "symphony_edge_answers_total", "outcome=\"REPLAYED\"", "status=\"200\"").orElse(0) >= 1, s);
    assertTrue(value(s, "symphony_edge_answers_total", "outcome=\"AMOUNT_NOT_POSITIVE\"", "status=\"400\"").orElse(0) >= 1, s);
    assertTrue(value(s, "symphony_edge_answers_total", "outcome=\"TOKEN_INVALID\"", "status=\"401\"").orElse(0) >= 1, s);
    assertEquals(0.0, value(s, "symphony_rail_circuit_state", "rail=\"mtn-momo\"").orElseThrow(), s);
    assertEquals(0.0, value(s, "symphony_attestation_gap", "").orElseThrow(), s);
    assertTrue(value(s, "symphony_jvm_heap_used_bytes", "").orElse(0) > 0, s);
  }

  private static String scrape(String url) throws Exception {
    var response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return response.body();
  }

  /** Sum of the samples of a series whose labels contain each given text (all samples if it is empty). */
  static OptionalDouble value(String scrape, String series, String... labelTexts) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(scrape);
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      String labels = m.group(1) == null ? "" : m.group(1);
      if (!Arrays.stream(labelTexts).allMatch(labels::contains)) continue;
      sum += Double.parseDouble(m.group(2));
      found = true;
    }
    return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }
}
