package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.verify.ChainVerification;
import org.symphony.audit.verify.ProgressListener;
import org.symphony.audit.verify.VerifySettings;

/**
 * P12 finding 5: unauthenticated requests are accounted for in bounded form — a count per source and window on the
 * chain, not a row each — and they cannot take the attestation queue that authenticated submissions need.
 */
class UnauthenticatedRefusalsNodeTest {

  /** Rows one flush may add for one source: one per (method, path, status) refused there. */
  private static final int ROWS_PER_FLUSH_BOUND = 3;

  @TempDir static Path home;
  private static SymphonyNode node;
  private static EdgeClient edge;

  @BeforeAll
  static void start() throws Exception {
    node = SymphonyNode.start(TestNodes.options(home)
        // A small queue and a writer that commits one row at a time: a flood of rows would fill it at once.
        .withOverride("symphony.audit.attestor.queue-capacity", 64)
        .withOverride("symphony.audit.attestor.max-batch", 1)
        .withOverride("symphony.audit.attestor.linger", "0ms")
        // Windows close only when the test flushes them.
        .withOverride("symphony.audit.refusals.window", "1h"));
    edge = new EdgeClient(node.edgeUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  @Test
  void fiveHundredUnauthenticatedPostsLeaveABoundedNumberOfRowsThatCountThemAll() throws Exception {
    node.audit().flushRefusals().toCompletableFuture().get(); // counts of earlier tests are not this test's
    long rowsBefore = rows();
    long accountedBefore = accountedUnauthenticated();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String token = i % 2 == 0 ? "not-a-token" : "";
      calls.add(edge.submit(token, "unauth-" + i, EdgeClient.body("1.00", "+260961234567", "U")));
    }
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (var call : calls) statuses.merge(call.get().statusCode(), 1, Integer::sum);

    node.audit().flushRefusals().toCompletableFuture().get();

    long added = rows() - rowsBefore;
    assertTrue(added >= 1 && added <= ROWS_PER_FLUSH_BOUND, "rows added for 500 refusals: " + added + " " + statuses);
    assertEquals(Map.of(401, 500), statuses);
    assertEquals(500, accountedUnauthenticated() - accountedBefore, "every refused request is counted, exactly once");
    var out = new ByteArrayOutputStream();
    // Held to what the node itself is held to: its own key (from its home), its cadence and its published head.
    var options = VerifySettings.nodeOptions(SymphonyNode.nodeConfig(TestNodes.options(home), home));
    int exit = ChainVerification.run(node.database().dataSource(), new PrintStream(out, true, StandardCharsets.UTF_8), ProgressListener.NONE,
        options);
    assertEquals(ChainVerification.INTACT, exit, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void authenticatedSubmissionsDuringAnUnauthenticatedFloodAreAccepted() throws Exception {
    String token = edge.token(node.credentials().participants().get(0));
    // The participant's sequencer is started before the flood: this test is about the attestation queue.
    assertEquals(202, edge.submit(token, "warm-up", EdgeClient.body("1.00", "+260961234567", "W")).get().statusCode());
    List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> genuine = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      flood.add(edge.submit("forged-" + i, "flood-" + i, EdgeClient.body("1.00", "+260961234567", "X")));
      if (i % 40 == 39) genuine.add(edge.submit(token, "genuine-" + i, EdgeClient.body("1.00", "+260961234567", "G")));
    }
    Map<Integer, Integer> genuineStatuses = new TreeMap<>();
    List<String> refused = new ArrayList<>();
    for (var call : genuine) {
      var response = call.get();
      genuineStatuses.merge(response.statusCode(), 1, Integer::sum);
      if (response.statusCode() != 202) refused.add(response.body());
    }
    assertTrue(refused.stream().noneMatch(body -> body.contains("ATTESTATION_UNAVAILABLE")), "queue taken: " + refused);
    assertEquals(Map.of(202, genuine.size()), genuineStatuses, "genuine submissions refused: " + refused);
    for (var call : flood) assertEquals(401, call.get().statusCode(), call.get().body());
  }

  private static long rows() throws Exception {
    try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select count(*) from ingress_attestation")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Unauthenticated requests accounted on the chain: one per single row, the count of an aggregate row. */
  private static long accountedUnauthenticated() throws Exception {
    try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select coalesce(sum(coalesce(refused_count, 1)), 0) from ingress_attestation"
            + " where subject = 'unauthenticated'")) {
      r.next();
      return r.getLong(1);
    }
  }
}
