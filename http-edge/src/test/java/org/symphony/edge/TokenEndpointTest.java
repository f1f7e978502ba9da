package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.symphony.edge.EdgeHarness.OPERATOR_CLIENT;
import static org.symphony.edge.EdgeHarness.PARTICIPANT;
import static org.symphony.edge.EdgeHarness.PARTICIPANT_CLIENT;
import static org.symphony.edge.EdgeHarness.SECRET;
import static org.symphony.edge.EdgeHarness.VALID_BODY;
import static org.symphony.edge.ProblemAssertions.assertProblem;
import static org.symphony.edge.ProblemAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.edge.auth.Caller;
import org.symphony.edge.auth.Role;
import org.symphony.edge.auth.TokenCheck;
import org.symphony.engine.instruction.Submission;

/** POST /v1/oauth/token, and that the token's subject — nothing else — names the participant. */
class TokenEndpointTest {

  private static ActorTestKit testKit;
  private EdgeHarness edge;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("TokenEndpointTest");
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
  void formCredentialsGetAVerifiableParticipantToken() throws Exception {
    HttpResponse<String> response =
        edge.send(form("grant_type=client_credentials&client_id=client-mfi&client_secret=" + SECRET, null));

    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
    JsonNode body = json(response);
    assertEquals("Bearer", body.path("token_type").asText());
    assertEquals(900, body.path("expires_in").asLong());
    assertEquals("instructions:write instructions:read", body.path("scope").asText());

    String token = body.path("access_token").asText();
    Caller caller = assertInstanceOf(TokenCheck.Valid.class, edge.verifier.verify(token)).caller();
    assertEquals(PARTICIPANT, caller.subject());
    assertEquals(Role.PARTICIPANT, caller.role());
    assertEquals(Set.of("instructions:write", "instructions:read"), caller.scopes());
    assertEquals(1, caller.policyVersion());
    assertEquals(EdgeHarness.START.plusSeconds(900), caller.expiresAt());

    SignedJWT jwt = SignedJWT.parse(token);
    assertEquals("ES256", jwt.getHeader().getAlgorithm().getName());
    assertEquals(edge.keys.keyId(), jwt.getHeader().getKeyID());
    assertEquals("symphony-sandbox", jwt.getJWTClaimsSet().getIssuer());
    assertEquals("participant", jwt.getJWTClaimsSet().getStringClaim("role"));
    assertEquals(1L, jwt.getJWTClaimsSet().getLongClaim("pv"));
    assertTrue(jwt.getJWTClaimsSet().getJWTID() != null && jwt.getJWTClaimsSet().getIssueTime() != null);
  }

  @Test
  void basicCredentialsAreAcceptedToo() throws Exception {
    HttpResponse<String> response = edge.send(form("grant_type=client_credentials", basic("client-mfi", SECRET)));

    assertEquals(200, response.statusCode(), response.body());
    String token = json(response).path("access_token").asText();
    assertInstanceOf(TokenCheck.Valid.class, edge.verifier.verify(token));
  }

  @Test
  void operatorGetsOperatorScopes() throws Exception {
    HttpResponse<String> response = edge.send(form("grant_type=client_credentials", basic("client-ops", SECRET)));

    Caller caller =
        assertInstanceOf(TokenCheck.Valid.class, edge.verifier.verify(json(response).path("access_token").asText()))
            .caller();
    assertEquals(Role.OPERATOR, caller.role());
    assertEquals(OPERATOR_CLIENT.subject(), caller.subject());
  }

  @Test
  void wrongSecretAndUnknownClientAreAnsweredAlike() throws Exception {
    HttpResponse<String> wrongSecret =
        edge.send(form("grant_type=client_credentials&client_id=client-mfi&client_secret=guess", null));
    HttpResponse<String> unknown =
        edge.send(form("grant_type=client_credentials", basic("nobody", SECRET)));

    JsonNode a = assertProblem(wrongSecret, 401, "INVALID_CLIENT");
    JsonNode b = assertProblem(unknown, 401, "INVALID_CLIENT");
    assertEquals("invalid_client", a.path("error").asText());
    assertEquals(a.path("detail"), b.path("detail"));
    assertTrue(unknown.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
  }

  @Test
  void missingCredentialsAreAnInvalidClient() throws Exception {
    assertProblem(edge.send(form("grant_type=client_credentials", null)), 401, "INVALID_CLIENT");
  }

  @Test
  void controlCharactersInCredentialsAreAnInvalidClientNotAStoreFailure() throws Exception {
    // A NUL reached PostgreSQL as a client id (which refuses it) and came back as 503 CREDENTIALS_UNAVAILABLE.
    edge.credentials.failWith(new IllegalStateException("a NUL must never reach the store"));
    assertProblem(edge.send(form("grant_type=client_credentials&client_id=client%00mfi&client_secret=" + SECRET, null)),
        401, "INVALID_CLIENT");
    assertProblem(edge.send(form("grant_type=client_credentials&client_id=client-mfi&client_secret=%0A" + SECRET, null)),
        401, "INVALID_CLIENT");
  }

  @Test
  void otherGrantTypesAreRefused() throws Exception {
    JsonNode problem =
        assertProblem(
            edge.send(form("grant_type=password&username=a&password=b", basic("client-mfi", SECRET))),
            400,
            "UNSUPPORTED_GRANT_TYPE");
    assertEquals("unsupported_grant_type", problem.path("error").asText());
  }

  @Test
  void malformedTokenRequestsAreInvalidRequests() throws Exception {
    assertProblem(edge.send(form("client_id=client-mfi&client_secret=" + SECRET, null)), 400, "INVALID_REQUEST");
    assertProblem(
        edge.send(form("grant_type=client_credentials&grant_type=client_credentials", basic("client-mfi", SECRET))),
        400,
        "INVALID_REQUEST");
    assertProblem(
        edge.send(form("grant_type=client_credentials&client_id=client-mfi&client_secret=" + SECRET, basic("client-mfi", SECRET))),
        400,
        "INVALID_REQUEST");
    assertProblem(edge.send(form("grant_type=%zz", null)), 400, "INVALID_REQUEST");
  }

  @Test
  void oversizedTokenRequestIsRefused() throws Exception {
    assertProblem(
        edge.send(form("grant_type=client_credentials&padding=" + "x".repeat(5000), null)), 413, "BODY_TOO_LARGE");
  }

  @Test
  void unreachableCredentialStoreIsA503() throws Exception {
    edge.credentials.failWith(new IllegalStateException("database down"));

    HttpResponse<String> response = edge.send(form("grant_type=client_credentials", basic("client-mfi", SECRET)));

    assertProblem(response, 503, "CREDENTIALS_UNAVAILABLE");
    assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
  }

  @Test
  void participantIdComesOnlyFromTheTokenSubject() throws Exception {
    String token =
        json(edge.send(form("grant_type=client_credentials", basic("client-mfi", SECRET)))).path("access_token").asText();
    String bodyNamingSomeoneElse = VALID_BODY.replace("{\"amount\"", "{\"participantId\":\"bank-ndola-02\",\"amount\"");
    HttpRequest request =
        edge.request("/v1/instructions")
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "inv-42")
            .header("X-Participant-Id", "bank-ndola-02")
            .POST(HttpRequest.BodyPublishers.ofString(bodyNamingSomeoneElse))
            .build();

    HttpResponse<String> response = edge.send(request);

    assertEquals(202, response.statusCode(), response.body());
    Submission received = edge.gateway.received().get(0);
    assertEquals(PARTICIPANT, received.participantId());
    assertEquals(PARTICIPANT, json(response).path("participantId").asText());
  }

  @Test
  void anIssuedTokenExpiresWithTheClock() throws Exception {
    String token =
        json(edge.send(form("grant_type=client_credentials", basic(PARTICIPANT_CLIENT.clientId(), SECRET))))
            .path("access_token")
            .asText();
    edge.clock.advance(edge.settings.token().ttl().plus(edge.settings.token().clockSkew()));

    assertProblem(edge.send(edge.submit(token, "k-1", VALID_BODY)), 401, "TOKEN_EXPIRED");
  }

  private HttpRequest form(String body, String authorization) {
    HttpRequest.Builder b =
        edge.request("/v1/oauth/token")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) b.header("Authorization", authorization);
    return b.build();
  }

  private static String basic(String clientId, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }
}
