package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.money.Currency;
import org.symphony.engine.participant.ParticipantCommand;
import org.symphony.engine.participant.ParticipantEntity;
import org.symphony.engine.participant.ParticipantView;

/**
 * The manual intervention queue under four eyes, on a real node: UNKNOWN_OUTCOME instructions hold their
 * reservations until two different operators resolve them; the same operator cannot approve their own proposal
 * (403 FOUR_EYES_REQUIRED); SUCCEEDED commits the reservation and posts balanced ledger lines, FAILED releases it;
 * both steps are recorded (proposal and decision rows, and the instruction's own journaled event naming both);
 * anything not resolvable is a 409 problem.
 */
class FourEyesNodeTest {

  @TempDir Path home;

  @Test
  void twoOperatorsResolveUnknownOutcomesAndOneOperatorCannot() throws Exception {
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home)
        .withOverride("symphony.engine.instruction.outcome-ttl", "3s")
        .withOverride("symphony.rails.mtn.call-timeout", "1s")
        .withOverride("symphony.audit.reconciliation.interval", "1s"))) {
      var edge = new EdgeClient(node.edgeUrl());
      var api = new SupervisionClient(node);
      var http = HttpClient.newHttpClient();
      String sim = node.mtnSimulatorUrl().orElseThrow();
      setFaults(http, sim, "{\"latencyMs\": 120000}"); // the rail stops answering in time
      var participant = node.credentials().participants().get(0);
      String token = edge.token(participant);
      String paid, unpaid;
      try {
        paid = submit(edge, token, "unknown-paid", "25.00");
        unpaid = submit(edge, token, "unknown-unpaid", "10.00");
        for (String id : new String[] {paid, unpaid})
          Await.until(Duration.ofSeconds(60), () -> "UNKNOWN_OUTCOME".equals(edge.get(token, id).path("status").asText()),
              () -> id + " not UNKNOWN_OUTCOME: " + edge.get(token, id));
      } finally {
        setFaults(http, sim, "{\"latencyMs\": 0}");
      }
      assertEquals(3500L, position(node, participant.subject()).reservedMinor().get(Currency.ZMW), "both reservations held");

      String alice = api.operatorToken(0);
      String bob = api.operatorToken(1);
      String paidCase = awaitIntervention(api, alice, paid);
      String unpaidCase = awaitIntervention(api, alice, unpaid);

      // Proposals are checked before anything waits for approval.
      assertProblem(api.post(alice, "/admin/interventions/" + paidCase + "/proposal",
          "{\"resolution\": \"SUCCEEDED\", \"reason\": \"statement says paid\"}"), 400, "FIELD_INVALID");
      assertProblem(api.post(alice, "/admin/interventions/" + paidCase + "/proposal",
          "{\"resolution\": \"ABANDONED\", \"reason\": \"x\"}"), 409, "NOT_RESOLVABLE");
      assertProblem(api.post(alice, "/admin/interventions/" + paidCase + "/approval", "{}"), 409, "NO_PROPOSAL");
      // A wrong proposal is declined by the second operator (recorded), and the case waits for a new one.
      assertEquals(201, api.post(alice, "/admin/interventions/" + paidCase + "/proposal",
          "{\"resolution\": \"FAILED\", \"reason\": \"looked at the wrong statement\"}").statusCode());
      assertProblem(api.post(bob, "/admin/interventions/" + paidCase + "/rejection", "{}"), 400, "FIELD_MISSING");
      var declined = api.post(bob, "/admin/interventions/" + paidCase + "/rejection", "{\"reason\": \"MTN statement shows it paid\"}");
      assertEquals(200, declined.statusCode(), declined.body());
      assertTrue(EdgeClient.JSON.readTree(declined.body()).path("proposal").isNull(), declined.body());
      assertEquals(1, count(node, "select count(*) from intervention_decision where decision = 'REJECTED' and decided_by = 'operator-2'"));
      var proposed = api.post(alice, "/admin/interventions/" + paidCase + "/proposal",
          "{\"resolution\": \"SUCCEEDED\", \"reason\": \"MTN statement line 4411\", \"evidence\": \"MTN-TX-4411\"}");
      assertEquals(201, proposed.statusCode(), proposed.body());
      assertEquals(node.credentials().operators().get(0).subject(),
          EdgeClient.JSON.readTree(proposed.body()).path("proposal").path("proposedBy").asText());
      assertProblem(api.post(bob, "/admin/interventions/" + paidCase + "/proposal",
          "{\"resolution\": \"FAILED\", \"reason\": \"other view\"}"), 409, "PROPOSAL_PENDING");

      // Four eyes: the proposer cannot approve.
      assertProblem(api.post(alice, "/admin/interventions/" + paidCase + "/approval", "{}"), 403, "FOUR_EYES_REQUIRED");
      assertEquals("UNKNOWN_OUTCOME", edge.get(token, paid).path("status").asText(), "nothing changed");

      var approved = api.post(bob, "/admin/interventions/" + paidCase + "/approval", "{\"reason\": \"checked the statement\"}");
      assertEquals(200, approved.statusCode(), approved.body());
      JsonNode a = EdgeClient.JSON.readTree(approved.body());
      assertEquals("MANUAL_RESOLVED", a.path("status").asText());
      assertEquals("SUCCEEDED", a.path("instructionStatus").asText());
      assertEquals(node.credentials().operators().get(1).subject(), a.path("approvedBy").asText());
      assertEquals("SUCCEEDED", edge.get(token, paid).path("status").asText());
      assertEquals("MTN-TX-4411", edge.get(token, paid).path("railReference").asText());

      // The other one did not happen at the rail: bob proposes, alice approves.
      assertEquals(201, api.post(bob, "/admin/interventions/" + unpaidCase + "/proposal",
          "{\"resolution\": \"FAILED\", \"reason\": \"MTN confirms no such transfer\"}").statusCode());
      var failed = api.post(alice, "/admin/interventions/" + unpaidCase + "/approval", "");
      assertEquals(200, failed.statusCode(), failed.body());
      assertEquals("FAILED", edge.get(token, unpaid).path("status").asText());

      // Reservations: committed for the paid one, released for the other (INV-LEDGER).
      Await.until(Duration.ofSeconds(30), () -> {
        var p = position(node, participant.subject());
        return p.reservedMinor().getOrDefault(Currency.ZMW, 0L) == 0 && p.committedMinor().getOrDefault(Currency.ZMW, 0L) == 2500;
      }, () -> "position " + position(node, participant.subject()));
      // Ledger: two balanced lines for the paid one, none for the other.
      Await.until(Duration.ofSeconds(30), () -> ledgerLines(node, paid) == 2, () -> "ledger lines of " + paid);
      assertEquals(0, ledgerSum(node, paid));
      assertEquals(0, ledgerLines(node, unpaid));

      // Both steps are recorded: the proposal, the decision, and the instruction's own event naming both operators.
      assertEquals(2, count(node, "select count(*) from intervention_proposal p join audit_incident i on i.incident_id = p.incident_id"
          + " where i.reference = '" + paidCase + "' and p.proposed_by = 'operator'"), "the declined proposal and the approved one");
      assertEquals(1, count(node, "select count(*) from intervention_decision d join intervention_proposal p on p.proposal_id = d.proposal_id"
          + " join audit_incident i on i.incident_id = p.incident_id where i.reference = '" + paidCase + "' and d.decided_by = 'operator-2'"
          + " and d.decision = 'APPROVED'"));
      String supervisor = api.supervisorToken();
      JsonNode report = api.getJson(supervisor, "/supervisor/incidents/" + paidCase);
      assertEquals("MANUAL_RESOLVED", report.path("status").asText());
      assertTrue(report.path("evidence").path("events").toString().contains("proposed by operator, approved by operator-2"), report.toString());
      assertEquals(2, report.path("interventionSteps").size(), "the declined proposal and the approved one");

      // Nothing left to resolve: closed cases are 409 problems, not errors.
      assertProblem(api.post(alice, "/admin/interventions/" + paidCase + "/proposal",
          "{\"resolution\": \"FAILED\", \"reason\": \"again\"}"), 409, "NOT_RESOLVABLE");
      assertProblem(api.post(bob, "/admin/interventions/" + paidCase + "/approval", "{}"), 409, "NOT_RESOLVABLE");
      assertProblem(api.post(bob, "/admin/interventions/INC-20000101-001/approval", "{}"), 404, "INTERVENTION_NOT_FOUND");
      assertEquals(0, EdgeClient.JSON.readTree(api.get(alice, "/admin/interventions", "application/json").body())
          .path("interventions").size(), "the queue is empty");
    }
  }

  private static String submit(EdgeClient edge, String token, String key, String amount) throws Exception {
    var r = edge.submit(token, key, EdgeClient.body(amount, "+260961234567", key)).get();
    assertEquals(202, r.statusCode(), r.body());
    return EdgeClient.JSON.readTree(r.body()).path("instructionId").asText();
  }

  private static String awaitIntervention(SupervisionClient api, String operator, String instructionId) throws Exception {
    String[] found = new String[1];
    Await.until(Duration.ofSeconds(30), () -> {
      for (JsonNode i : EdgeClient.JSON.readTree(api.get(operator, "/admin/interventions", "application/json").body()).path("interventions"))
        if (instructionId.equals(i.path("instructionId").asText())) {
          assertEquals("UNKNOWN_OUTCOME", i.path("kind").asText());
          assertEquals("[\"SUCCEEDED\",\"FAILED\"]", i.path("allowedResolutions").toString());
          found[0] = i.path("id").asText();
          return true;
        }
      return false;
    }, () -> "no intervention for " + instructionId);
    return found[0];
  }

  static void assertProblem(HttpResponse<String> r, int status, String code) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.headers().toString());
    assertEquals(code, EdgeClient.JSON.readTree(r.body()).path("code").asText(), r.body());
  }

  private static ParticipantView position(SymphonyNode node, String participantId) throws Exception {
    return ClusterSharding.get(node.system()).entityRefFor(ParticipantEntity.ENTITY_KEY, participantId)
        .<ParticipantView>ask(ParticipantCommand.GetPosition::new, Duration.ofSeconds(10)).toCompletableFuture().get();
  }

  private static void setFaults(HttpClient http, String sim, String json) throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create(sim + "/sim/admin/faults")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  private static long ledgerLines(SymphonyNode node, String instructionId) throws Exception {
    return count(node, "select count(*) from ledger_line where instruction_id = '" + instructionId + "'");
  }

  private static long ledgerSum(SymphonyNode node, String instructionId) throws Exception {
    return count(node, "select coalesce(sum(amount_minor), 0) from ledger_line where instruction_id = '" + instructionId + "'");
  }

  static long count(SymphonyNode node, String sql) throws Exception {
    try (var c = node.database().dataSource().getConnection(); var s = c.createStatement(); var r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
