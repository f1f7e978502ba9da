package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.*;
import static org.symphony.edge.ProblemAssertions.assertProblem;

import java.net.http.HttpRequest;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.edge.auth.TokenCheck;

/**
 * A participant token carries the policy version it was issued under; once the participant's policy
 * moves on (suspension, limit change), the old token is refused with 401 TOKEN_POLICY_STALE before
 * anything else happens, and a new token carries the new version.
 */
class PolicyVersionTest {

  private static ActorTestKit testKit;
  private EdgeHarness edge;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("PolicyVersionTest");
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
  void aTokenOlderThanThePolicyIsRefusedAndANewOneCarriesTheNewVersion() throws Exception {
    String old = fetchToken("client-mfi");
    assertEquals(202, edge.send(edge.submit(old, "pv-1", EdgeHarness.VALID_BODY)).statusCode());

    edge.policyVersions.put(EdgeHarness.PARTICIPANT, 2L);
    var refused = edge.send(edge.submit(old, "pv-2", EdgeHarness.VALID_BODY));
    assertProblem(refused, 401, "TOKEN_POLICY_STALE");
    assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
    assertProblem(edge.send(edge.get("/v1/instructions/x", old)), 401, "TOKEN_POLICY_STALE");
    assertEquals(1, edge.gateway.received().size(), "the stale token reached nothing");

    String fresh = fetchToken("client-mfi");
    var caller = assertInstanceOf(TokenCheck.Valid.class, edge.verifier.verify(fresh)).caller();
    assertEquals(2, caller.policyVersion());
    assertEquals(202, edge.send(edge.submit(fresh, "pv-3", EdgeHarness.VALID_BODY)).statusCode());
  }

  @Test
  void anotherParticipantsPolicyChangeDoesNotTouchThisOnesToken() throws Exception {
    String token = fetchToken("client-mfi");
    edge.policyVersions.put(EdgeHarness.OTHER_PARTICIPANT, 7L);
    assertEquals(202, edge.send(edge.submit(token, "pv-4", EdgeHarness.VALID_BODY)).statusCode());
  }

  private String fetchToken(String clientId) throws Exception {
    var response = edge.send(edge.request("/v1/oauth/token")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(
            "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + EdgeHarness.SECRET))
        .build());
    assertEquals(200, response.statusCode(), response.body());
    return EdgeClientJson.read(response.body()).path("access_token").asText();
  }

  private static final class EdgeClientJson {
    static com.fasterxml.jackson.databind.JsonNode read(String body) throws Exception {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
    }
  }
}
