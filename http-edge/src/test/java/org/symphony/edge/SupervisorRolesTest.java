package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.*;
import static org.symphony.edge.EdgeHarness.OPERATOR_CLIENT;
import static org.symphony.edge.EdgeHarness.PARTICIPANT_CLIENT;
import static org.symphony.edge.ProblemAssertions.assertProblem;
import static org.symphony.edge.ProblemAssertions.json;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.edge.auth.ApiClient;
import org.symphony.edge.auth.Role;

/**
 * The supervisor role reads /supervisor and nothing else; participants and operators cannot read /supervisor (403),
 * and a refused caller never reaches the audit layer behind it.
 */
class SupervisorRolesTest {

  private static final ApiClient SUPERVISOR = new ApiClient("client-sup", "sup-carol", Role.SUPERVISOR);
  private static final List<String> SUPERVISOR_READS = List.of(
      "/supervisor/gaps", "/supervisor/overview", "/supervisor/incidents", "/supervisor/incidents/INC-20261203-001");

  private static ActorTestKit testKit;
  private EdgeHarness edge;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("SupervisorRolesTest");
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
  void aSupervisorReadsEverySupervisorEndpoint() throws Exception {
    String token = edge.token(SUPERVISOR);
    assertEquals(200, edge.send(edge.get("/supervisor/gaps", token)).statusCode());
    assertEquals(200, edge.send(edge.get("/supervisor/overview", token)).statusCode());
    assertEquals(200, edge.send(edge.get("/supervisor/incidents?status=OPEN&kind=GHOST_RECOVERY", token)).statusCode());
    assertProblem(edge.send(edge.get("/supervisor/incidents/INC-20261203-001", token)), 404, "INCIDENT_NOT_FOUND");
    var gaps = json(edge.send(edge.get("/supervisor/gaps?participant=bank-a&from=2026-12-01T00:00:00Z", token)));
    assertTrue(gaps.get("clean").asBoolean());
    assertEquals("bank-a", edge.supervisor.lastWindow.participantId());
  }

  @Test
  void participantAndOperatorTokensAreRefusedOnSupervisorEndpoints() throws Exception {
    for (ApiClient client : List.of(PARTICIPANT_CLIENT, OPERATOR_CLIENT)) {
      String token = edge.token(client);
      for (String path : SUPERVISOR_READS) assertProblem(edge.send(edge.get(path, token)), 403, "FORBIDDEN_ROLE");
      assertProblem(edge.send(edge.get("/supervisor/dashboard", token)), 403, "FORBIDDEN_ROLE");
    }
    assertEquals(0, edge.supervisor.calls.get(), "a refused caller never reaches the audit layer");
  }

  @Test
  void aSupervisorTokenIsRefusedOnTheParticipantApi() throws Exception {
    String token = edge.token(SUPERVISOR);
    assertProblem(edge.send(edge.submit(token, "sup-1", EdgeHarness.body("10.00", "ZMW", "+260961234567"))), 403, "FORBIDDEN_ROLE");
    assertProblem(edge.send(edge.get("/v1/instructions/00000000-0000-8000-8000-000000000000", token)), 403, "FORBIDDEN_ROLE");
    assertTrue(edge.gateway.received().isEmpty(), "nothing reached the engine");
  }

  @Test
  void aSupervisorTokenIsRefusedOnStateChangingAdminEndpoints() throws Exception {
    String token = edge.token(SUPERVISOR);
    assertProblem(post("/admin/interventions/INC-20261203-001/proposal", token,
        "{\"resolution\":\"FAILED\",\"reason\":\"x\"}"), 403, "FORBIDDEN_ROLE");
    assertProblem(post("/admin/interventions/INC-20261203-001/approval", token, "{}"), 403, "FORBIDDEN_ROLE");
    assertProblem(post("/admin/interventions/INC-20261203-001/rejection", token, "{\"reason\":\"x\"}"), 403, "FORBIDDEN_ROLE");
    assertProblem(post("/admin/participants/bank-a/suspend", token, "{\"reason\":\"x\"}"), 403, "FORBIDDEN_ROLE");
    assertProblem(post("/admin/read-model/rebuild", token, "{}"), 403, "FORBIDDEN_ROLE");
    assertProblem(post("/admin/reconciliation/run", token, ""), 403, "FORBIDDEN_ROLE");
    assertProblem(edge.send(edge.get("/admin/interventions", token)), 403, "FORBIDDEN_ROLE");
    assertEquals(0, edge.interventions.calls.get());
  }

  @Test
  void badQueriesAreProblemsNotErrors() throws Exception {
    String token = edge.token(SUPERVISOR);
    assertProblem(edge.send(edge.get("/supervisor/gaps?from=yesterday", token)), 400, "FIELD_INVALID");
    assertProblem(edge.send(edge.get("/supervisor/gaps?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", token)), 400, "FIELD_INVALID");
    assertProblem(edge.send(edge.get("/supervisor/incidents?status=CLOSED", token)), 400, "FIELD_INVALID");
    assertProblem(edge.send(edge.get("/supervisor/incidents?limit=0", token)), 400, "FIELD_INVALID");
    assertProblem(edge.send(edge.get("/supervisor/incidents/not-an-id", token)), 404, "INCIDENT_NOT_FOUND");
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest request = edge.request(path)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return edge.send(request);
  }
}
