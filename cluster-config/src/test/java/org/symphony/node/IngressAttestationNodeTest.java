package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;
import org.symphony.audit.verify.ChainVerification;
import org.symphony.audit.verify.ProgressListener;
import org.symphony.audit.verify.VerifySettings;
import org.symphony.engine.instruction.InstructionId;
import org.symphony.engine.rail.RailKey;

/**
 * Promise 1 on the real node and database: 2,000 concurrent requests are all accounted for on a gapless,
 * verifying chain (INV-CHAIN), the unauthenticated ones counted per source and window; inserts refused → 503 and nothing created; a request lost between
 * attestation and engine is exactly what the gap query reports (INV-GAP).
 */
class IngressAttestationNodeTest {

  @TempDir static Path home;
  private static SymphonyNode node;
  private static EdgeClient edge;
  private static String token;
  private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    node = SymphonyNode.start(TestNodes.options(home)
        .withOverride("symphony.audit.gap.grace", "300ms")
        .withBlackhole(requestId -> requestId.startsWith("lost-")));
    edge = new EdgeClient(node.edgeUrl());
    token = edge.token(node.credentials().participants().get(0));
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  @Test
  void twoThousandConcurrentRequestsAreAllAccountedForOnAGaplessVerifyingChain() throws Exception {
    node.audit().flushRefusals().toCompletableFuture().get(); // counts of earlier tests are not this test's
    long before = accounted();
    long rowsBefore = rows();
    List<String> tokens = new ArrayList<>();
    for (var p : node.credentials().participants()) tokens.add(edge.token(p));
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      // A mix of what reaches the edge: valid submissions, refusals, unauthenticated requests.
      String t = i % 10 == 9 ? "not-a-token" : tokens.get(i % tokens.size());
      String body = i % 10 == 8 ? "{broken" : EdgeClient.body("2.00", "+260961234567", "C-" + i);
      calls.add(edge.submit(t, "conc-" + i, body));
    }
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (var c : calls) statuses.merge(c.get().statusCode(), 1, Integer::sum);
    node.audit().flushRefusals().toCompletableFuture().get();

    // A row per authenticated request; the 200 unauthenticated ones are counted on a row per source and window.
    assertEquals(before + 2_000, accounted(), "every request accounted for: " + statuses);
    assertTrue(rows() - rowsBefore <= 1_800 + 2, "unauthenticated requests counted, not a row each: " + (rows() - rowsBefore));
    try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select min(node_seq), max(node_seq), count(distinct node_seq), count(*) from ingress_attestation where node_id = '"
            + node.audit().nodeId() + "'")) {
      r.next();
      assertEquals(1, r.getLong(1));
      assertEquals(r.getLong(4), r.getLong(2), "node_seq 1..n without a hole");
      assertEquals(r.getLong(4), r.getLong(3), "no repeated node_seq");
    }
    var out = new ByteArrayOutputStream();
    // Held to what the node itself is held to: its own key (from its home), its cadence and its published head.
    var options = VerifySettings.nodeOptions(SymphonyNode.nodeConfig(TestNodes.options(home), home));
    int exit = ChainVerification.run(node.database().dataSource(), new PrintStream(out, true, StandardCharsets.UTF_8), ProgressListener.NONE,
        options);
    assertEquals(ChainVerification.INTACT, exit, out.toString(StandardCharsets.UTF_8));
  }

  /** Failure injection "attestation_insert_failure": the database refuses every attestation insert; the node fails closed. */
  @Test
  void refusedInsertsMean503AndNothingCreatedUntilTheDatabaseTakesThemAgain() throws Exception {
    try (EvidenceResult evidence = EvidenceResult.start(EvidenceSection.FAILURE_INJECTION, "attestation_insert_failure", getClass())) {
      refusedInsertsFailClosed(evidence);
      evidence.pass();
    }
  }

  private void refusedInsertsFailClosed(EvidenceResult evidence) throws Exception {
    String subject = node.credentials().participants().get(0).subject();
    List<String> keys = List.of("refused-1", "refused-2", "refused-3");
    String body = EdgeClient.body("3.00", "+260961234567", "R-1");
    sql("create or replace function refuse_attestation() returns trigger language plpgsql as $$ begin raise exception 'attestations refused by test'; end $$");
    sql("create trigger refuse_attestation before insert on ingress_attestation for each row execute function refuse_attestation()");
    long refused503 = 0;
    long created = 0;
    long executed = 0;
    try {
      for (String key : keys) {
        HttpResponse<String> refused = edge.submit(token, key, body).get();
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("ATTESTATION_UNAVAILABLE"), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        refused503++;
        String instructionId = InstructionId.derive(subject, key);
        if (get("/v1/instructions/" + instructionId).statusCode() != 404) created++;
        executed += railExecutions(instructionId);
      }
      evidence.measured("requests_refused", keys.size()).measured("answered_503", refused503)
          .measured("instructions_created", created).measured("executed_without_attestation", executed)
          .check("fail_closed", refused503 == keys.size() && created == 0)
          .check("INV_ATTEST", executed == 0);
      assertEquals(0, created, "no instruction was created");
      assertEquals(0, executed, "nothing reached the rail");
    } finally {
      sql("drop trigger refuse_attestation on ingress_attestation");
    }
    long resumeStarted = System.nanoTime();
    Await.until(Duration.ofSeconds(30), () -> edge.submit(token, keys.get(0), body).get().statusCode() == 202, () -> "service resumes by itself");
    evidence.measured("resume_seconds", (System.nanoTime() - resumeStarted) / 1e9);
    // The refused inserts left no hole and no fork in the node's chain (INV-CHAIN).
    var verified = new ByteArrayOutputStream();
    int exit = ChainVerification.run(node.database().dataSource(), new PrintStream(verified, true, StandardCharsets.UTF_8), ProgressListener.NONE,
        VerifySettings.nodeOptions(SymphonyNode.nodeConfig(TestNodes.options(home), home)));
    long holes = chainHoles();
    evidence.measured("chain_holes", holes).measured("chain_verify_exit", exit)
        .check("INV_CHAIN", holes == 0 && exit == ChainVerification.INTACT);
    assertEquals(0, holes, "node_seq 1..n without a hole");
    assertEquals(ChainVerification.INTACT, exit, verified.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aRequestLostAfterAttestationIsExactlyWhatTheGapQueryReports() throws Exception {
    for (int i = 0; i < 5; i++) assertEquals(202, edge.submit(token, "fine-" + i, EdgeClient.body("1.00", "+260961234567", "F")).get().statusCode());
    HttpResponse<String> lost = http.send(
        HttpRequest.newBuilder(URI.create(node.edgeUrl() + "/v1/instructions"))
            .header("Authorization", "Bearer " + token).header("Idempotency-Key", "blackholed")
            .header("Content-Type", "application/json").header("X-Request-Id", "lost-42")
            .POST(HttpRequest.BodyPublishers.ofString(EdgeClient.body("1.00", "+260961234567", "L"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(503, lost.statusCode());

    Await.until(Duration.ofSeconds(30), () -> node.audit().gaps().count() >= 1, () -> "the gap appears after the grace period");
    // Outcomes of the fine requests are recorded asynchronously; give them the same chance, then compare exactly.
    Await.until(Duration.ofSeconds(30), () -> node.audit().gaps().gaps(100).size() == 1, () -> "gaps: " + gapsUnchecked());
    var gaps = node.audit().gaps().gaps(100);
    assertEquals(List.of("lost-42"), gaps.stream().map(g -> g.requestId()).toList());
  }

  @Test
  void operatorsVerifyTheChainOverHttpAndParticipantsCannot() throws Exception {
    assertEquals(202, edge.submit(token, "op-1", EdgeClient.body("1.00", "+260961234567", "O")).get().statusCode());
    String operator = edge.token(node.credentials().operator());
    var response = http.send(HttpRequest.newBuilder(URI.create(node.edgeUrl() + "/admin/attestations/verify"))
        .header("Authorization", "Bearer " + operator).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    var report = EdgeClient.JSON.readTree(response.body());
    assertTrue(report.path("intact").asBoolean(), response.body());
    assertEquals(node.audit().nodeId(), report.path("nodes").get(0).path("nodeId").asText());
    assertEquals(403, get("/admin/attestations/verify").statusCode(), "a participant token is refused");
  }

  @Test
  void everyAcceptedInstructionCarriesAnAttestationThatIsInTheChain() throws Exception {
    for (int i = 0; i < 10; i++)
      assertEquals(202, edge.submit(token, "inv-attest-" + i, EdgeClient.body("4.00", "+260961234567", "A")).get().statusCode());
    var serialization = org.apache.pekko.serialization.SerializationExtension.get(node.system().classicSystem());
    int checked = 0;
    try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select persistence_id, event_ser_id, event_ser_manifest, event_payload from event_journal "
            + "where persistence_id like 'Instruction|%' and event_ser_manifest like '%$Accepted'")) {
      while (r.next()) {
        Object event = serialization.deserialize(r.getBytes(4), r.getInt(2), r.getString(3)).get();
        var terms = ((org.symphony.engine.instruction.InstructionEvent.Accepted) event).terms();
        assertNotNull(terms.attestationId(), "INV-ATTEST: " + r.getString(1) + " has no attestation");
        try (var q = c.prepareStatement("select outcome from ingress_attestation where attestation_id = ?::uuid")) {
          q.setString(1, terms.attestationId());
          try (ResultSet a = q.executeQuery()) {
            assertTrue(a.next(), "INV-ATTEST: attestation " + terms.attestationId() + " of " + r.getString(1) + " is not in the chain");
            assertEquals("FORWARDED", a.getString(1));
          }
        }
        checked++;
      }
    }
    assertTrue(checked >= 10, "checked " + checked + " accepted instructions");
  }

  private static String gapsUnchecked() {
    try {
      return node.audit().gaps().gaps(100).toString();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(node.edgeUrl() + path)).header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Executions the MTN simulator's strike ledger holds for the instruction's rail key. */
  private static long railExecutions(String instructionId) throws Exception {
    String url = node.mtnSimulatorUrl().orElseThrow() + "/sim/strikes/" + RailKey.forInstruction(instructionId).value();
    var r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return EdgeClient.JSON.readTree(r.body()).path("executions").asLong();
  }

  /** Missing node_seq numbers in this node's chain (1..max). */
  private static long chainHoles() throws Exception {
    try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select coalesce(max(node_seq), 0) - count(distinct node_seq) from ingress_attestation where node_id = '"
            + node.audit().nodeId() + "'")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static long rows() throws Exception {
    try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select count(*) from ingress_attestation")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Requests the chain accounts for: one per row, or a row's refused_count. */
  private static long accounted() throws Exception {
    try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select coalesce(sum(coalesce(refused_count, 1)), 0) from ingress_attestation")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** As the superuser: the node's own role may not create triggers. */
  private static void sql(String statement) throws Exception {
    try (Connection c = TestNodes.superuser(home); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
