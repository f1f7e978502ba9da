package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.*;
import static org.symphony.edge.EdgeHarness.OPERATOR_CLIENT;
import static org.symphony.edge.EdgeHarness.PARTICIPANT_CLIENT;
import static org.symphony.edge.ProblemAssertions.assertProblem;
import static org.symphony.edge.ProblemAssertions.json;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.audit.gap.AttestationGap;
import org.symphony.audit.verify.BreakKind;
import org.symphony.audit.verify.ChainBreak;
import org.symphony.audit.verify.VerificationReport;
import org.symphony.edge.admin.AuditQueries;

/** Operators verify the chain and list gaps over HTTP; participants cannot. */
class AuditRoutesTest {

  private static ActorTestKit testKit;
  private EdgeHarness edge;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("AuditRoutesTest");
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void startEdge() throws Exception {
    edge = EdgeHarness.start(testKit.system());
  }

  @AfterEach
  void stopEdge() throws Exception {
    edge.close();
  }

  @Test
  void operatorSeesTheFirstBrokenLink() throws Exception {
    edge.audit.report = new VerificationReport(List.of(),
        List.of(new ChainBreak("node-1", 437, BreakKind.HASH_MISMATCH, "aa", "bb", "row edited")));
    var response = edge.send(edge.get("/admin/attestations/verify", edge.token(OPERATOR_CLIENT)));
    assertEquals(200, response.statusCode(), response.body());
    var body = json(response);
    assertFalse(body.path("intact").asBoolean());
    var first = body.path("breaks").get(0);
    assertEquals(437, first.path("sequence").asLong());
    assertEquals("HASH_MISMATCH", first.path("kind").asText());
    assertEquals("aa", first.path("expected").asText());
    assertEquals("bb", first.path("stored").asText());
  }

  @Test
  void operatorListsGapsWithABoundedLimit() throws Exception {
    edge.audit.gaps = new AuditQueries.Gaps(1, List.of(
        new AttestationGap(UUID.randomUUID(), "node-1", 9, "lost-42", Instant.parse("2026-01-15T08:00:00Z"))));
    var response = edge.send(edge.get("/admin/attestations/gaps?limit=5", edge.token(OPERATOR_CLIENT)));
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(1, json(response).path("count").asLong());
    assertEquals("lost-42", json(response).path("gaps").get(0).path("requestId").asText());
    assertEquals(5, edge.audit.lastLimit);
    assertProblem(edge.send(edge.get("/admin/attestations/gaps?limit=0", edge.token(OPERATOR_CLIENT))), 400, "FIELD_INVALID");
  }

  @Test
  void operatorReadsTheDuplicateTotals() throws Exception {
    edge.audit.duplicates = new AuditQueries.DuplicateTotals(49, 49, 3, 1);
    var body = json(edge.send(edge.get("/admin/duplicates", edge.token(OPERATOR_CLIENT))));
    assertEquals(49, body.path("duplicateRequests").asLong());
    assertEquals(49, body.path("duplicatesBlocked").asLong());
    assertEquals(3, body.path("terminalReentryAttempts").asLong());
    assertEquals(1, body.path("keyReused").asLong());
    assertProblem(edge.send(edge.get("/admin/duplicates", edge.token(PARTICIPANT_CLIENT))), 403, "FORBIDDEN_ROLE");
  }

  @Test
  void participantsAndStrangersAreRefused() throws Exception {
    assertProblem(edge.send(edge.get("/admin/attestations/verify", edge.token(PARTICIPANT_CLIENT))), 403, "FORBIDDEN_ROLE");
    assertProblem(edge.send(edge.get("/admin/attestations/gaps", null)), 401, "TOKEN_MISSING");
  }
}
