package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.symphony.edge.EdgeHarness.OTHER_CLIENT;
import static org.symphony.edge.EdgeHarness.PARTICIPANT;
import static org.symphony.edge.EdgeHarness.PARTICIPANT_CLIENT;
import static org.symphony.edge.EdgeHarness.VALID_BODY;
import static org.symphony.edge.ProblemAssertions.assertProblem;
import static org.symphony.edge.ProblemAssertions.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.engine.instruction.InstructionId;
import org.symphony.engine.instruction.InstructionStatus;
import org.symphony.engine.instruction.Submission;
import org.symphony.engine.instruction.SubmitReply;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.rail.Creditor;

/** How each engine reply becomes an HTTP answer, and what the edge hands the engine. */
class SubmitReplyMappingTest {

  private static ActorTestKit testKit;
  private EdgeHarness edge;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("SubmitReplyMappingTest");
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
  void newInstructionIsAccepted() throws Exception {
    HttpResponse<String> response =
        edge.send(
            edge.request("/v1/instructions")
                .header("Authorization", "Bearer " + edge.token(PARTICIPANT_CLIENT))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", "inv-42")
                .header("X-Request-Id", "req-1")
                .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY))
                .build());

    assertEquals(202, response.statusCode(), response.body());
    assertEquals("req-1", response.headers().firstValue("X-Request-Id").orElseThrow());
    String id = InstructionId.derive(PARTICIPANT, "inv-42");
    assertEquals("/v1/instructions/" + id, response.headers().firstValue("Location").orElseThrow());
    assertFalse(response.headers().firstValue("Idempotent-Replayed").isPresent());
    JsonNode body = json(response);
    assertEquals(id, body.path("instructionId").asText());
    assertEquals(PARTICIPANT, body.path("participantId").asText());
    assertEquals(1, body.path("sequenceId").asLong());
    assertEquals("PENDING", body.path("status").asText());
    assertEquals("150.00", body.path("amount").path("value").asText());
    assertEquals("ZMW", body.path("amount").path("currency").asText());
    assertEquals("+260961234567", body.path("creditor").path("msisdn").asText());
    assertEquals("INV-42", body.path("reference").asText());
    assertEquals(EdgeHarness.START.toString(), body.path("acceptedAt").asText());
    for (String absent : new String[] {"rail", "railReference", "failureCode", "failureDetail"})
      assertFalse(body.has(absent), absent + " is null and must be omitted: " + body);

    Submission s = edge.gateway.received().get(0);
    assertEquals(PARTICIPANT, s.participantId());
    assertEquals("inv-42", s.idempotencyKey());
    assertEquals(sha256(VALID_BODY), s.bodySha256());
    assertEquals(new Money(15000, Currency.ZMW), s.amount());
    assertEquals(new Creditor.MobileWallet("+260961234567"), s.creditor());
    assertEquals("INV-42", s.reference());
    assertNotNull(s.attestationId(), "the engine gets the attestation id (INV-ATTEST)");
    assertEquals(EdgeHarness.START, s.receivedAt());

    var entry = edge.ledger.entries().get(0);
    assertTrue(entry.forwarded());
    assertEquals("req-1", entry.requestId());
    assertEquals(PARTICIPANT, entry.subject());
    assertEquals(sha256(VALID_BODY), entry.bodySha256());
    assertEquals(List.of(new InMemoryIngressLedger.Outcome(s.attestationId(), id, "ACCEPTED", 202)), edge.ledger.outcomes());
  }

  @Test
  void sameKeyAndBodyIsAReplay() throws Exception {
    HttpResponse<String> first = edge.send(edge.submit("inv-42", VALID_BODY));
    HttpResponse<String> again = edge.send(edge.submit("inv-42", VALID_BODY));

    assertEquals(202, first.statusCode());
    assertEquals(202, again.statusCode(), "in progress: the recorded acceptance again: " + again.body());
    assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElseThrow());
    assertEquals(first.body(), again.body());
    assertEquals(List.of(202, 202), edge.ledger.outcomes().stream().map(InMemoryIngressLedger.Outcome::httpStatus).toList(),
        "recorded as sent");
  }

  @Test
  void replayOfAnInstructionWithAnOutcomeIs200WithThatOutcome() throws Exception {
    edge.gateway.answer(s -> new SubmitReply.Recorded(
        FakeInstructionGateway.view(s, 1, InstructionStatus.SUCCEEDED, null, null), true));
    HttpResponse<String> again = edge.send(edge.submit("inv-final", VALID_BODY));
    assertEquals(200, again.statusCode(), again.body());
    assertEquals("SUCCEEDED", json(again).path("status").asText());
    assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElseThrow());
    assertEquals(200, edge.ledger.outcomes().get(0).httpStatus(), "recorded as sent");
  }

  @Test
  void sameKeyOtherBodyIsAReusedKey() throws Exception {
    edge.send(edge.submit("inv-42", VALID_BODY));

    HttpResponse<String> response = edge.send(edge.submit("inv-42", VALID_BODY.replace("150.00", "151.00")));

    JsonNode problem = assertProblem(response, 422, "IDEMPOTENCY_KEY_REUSED");
    assertEquals(InstructionId.derive(PARTICIPANT, "inv-42"), problem.path("instructionId").asText());
  }

  @Test
  void rejectedByPolicyIsA422WithTheEngineCode() throws Exception {
    edge.gateway.answer(
        s ->
            new SubmitReply.Recorded(
                FakeInstructionGateway.view(s, 7, InstructionStatus.REJECTED, "LIMIT_SINGLE", "amount exceeds 100.00"),
                false));

    HttpResponse<String> response = edge.send(edge.submit("inv-42", VALID_BODY));

    JsonNode problem = assertProblem(response, 422, "LIMIT_SINGLE");
    assertEquals("amount exceeds 100.00", problem.path("detail").asText());
    assertEquals(InstructionId.derive(PARTICIPANT, "inv-42"), problem.path("instructionId").asText());
    assertEquals(7, problem.path("sequenceId").asLong());
    assertEquals("REJECTED", problem.path("instructionStatus").asText());
  }

  @Test
  void replayOfARejectionIsTheSameRejection() throws Exception {
    edge.gateway.answer(
        s ->
            new SubmitReply.Recorded(
                FakeInstructionGateway.view(s, 3, InstructionStatus.REJECTED, "PARTICIPANT_SUSPENDED", "suspended"),
                true));

    HttpResponse<String> response = edge.send(edge.submit("inv-42", VALID_BODY));

    assertProblem(response, 422, "PARTICIPANT_SUSPENDED");
    assertEquals("true", response.headers().firstValue("Idempotent-Replayed").orElseThrow());
  }

  @Test
  void rejectionWithoutAUsableCodeIsInstructionRejected() throws Exception {
    edge.gateway.answer(
        s -> new SubmitReply.Recorded(FakeInstructionGateway.view(s, 1, InstructionStatus.REJECTED, "bad code!", null), false));

    assertProblem(edge.send(edge.submit("inv-42", VALID_BODY)), 422, "INSTRUCTION_REJECTED");
  }

  @Test
  void engineUnavailableIsA503WithRetryAfter() throws Exception {
    edge.gateway.answer(s -> new SubmitReply.Unavailable("sequencer unreachable"));

    HttpResponse<String> response = edge.send(edge.submit("inv-42", VALID_BODY));

    JsonNode problem = assertProblem(response, 503, "ENGINE_UNAVAILABLE");
    assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
    assertFalse(problem.toString().contains("sequencer"), "engine internals stay in the log");
  }

  @Test
  void failedEngineStageIsA503() throws Exception {
    edge.gateway.answerWithStage(s -> CompletableFuture.failedFuture(new TimeoutException("ask timed out")));

    HttpResponse<String> response = edge.send(edge.submit("inv-42", VALID_BODY));

    assertProblem(response, 503, "ENGINE_UNAVAILABLE");
    assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
  }

  @Test
  void engineThrowingIsA503NotA500() throws Exception {
    edge.gateway.answerWithStage(
        s -> {
          throw new IllegalStateException("sharding not started");
        });

    assertProblem(edge.send(edge.submit("inv-42", VALID_BODY)), 503, "ENGINE_UNAVAILABLE");
  }

  @Test
  void engineSilentPastTheTimeoutIsA503() throws Exception {
    try (EdgeHarness slow = EdgeHarness.start(testKit.system(), "symphony.edge.engine-timeout = 200ms")) {
      slow.gateway.hold();

      HttpResponse<String> response = slow.send(slow.submit("inv-42", VALID_BODY));

      assertProblem(response, 503, "ENGINE_UNAVAILABLE");
      assertTrue(response.headers().firstValue("Retry-After").isPresent());
    }
  }

  @Test
  void ownInstructionCanBeRead() throws Exception {
    HttpResponse<String> created = edge.send(edge.submit("inv-42", VALID_BODY));
    String id = InstructionId.derive(PARTICIPANT, "inv-42");

    HttpResponse<String> response = edge.send(edge.get("/v1/instructions/" + id, edge.token(PARTICIPANT_CLIENT)));

    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    assertEquals(json(created), json(response));
  }

  @Test
  void anotherParticipantsInstructionIsNotFoundLikeAMissingOne() throws Exception {
    edge.send(edge.submit("inv-42", VALID_BODY));
    String id = InstructionId.derive(PARTICIPANT, "inv-42");
    String missing = InstructionId.derive(PARTICIPANT, "never-sent");

    JsonNode foreign =
        assertProblem(edge.send(edge.get("/v1/instructions/" + id, edge.token(OTHER_CLIENT))), 404, "INSTRUCTION_NOT_FOUND");
    JsonNode absent =
        assertProblem(
            edge.send(edge.get("/v1/instructions/" + missing, edge.token(PARTICIPANT_CLIENT))), 404, "INSTRUCTION_NOT_FOUND");
    assertEquals(absent.path("detail"), foreign.path("detail"));
  }

  @Test
  void viewOfAnotherParticipantIsNotShownEvenIfTheEngineReturnsIt() throws Exception {
    edge.send(edge.submit("inv-42", VALID_BODY));
    String id = InstructionId.derive(PARTICIPANT, "inv-42");
    // An engine bug must not leak: the edge checks ownership again.
    edge.gateway.findWith((participant, any) -> CompletableFuture.completedFuture(edge.gateway.stored(id)));

    assertProblem(edge.send(edge.get("/v1/instructions/" + id, edge.token(OTHER_CLIENT))), 404, "INSTRUCTION_NOT_FOUND");
  }

  @Test
  void readWhileTheEngineIsDownIsA503() throws Exception {
    edge.gateway.findWith((participant, id) -> CompletableFuture.failedFuture(new TimeoutException("ask timed out")));

    HttpResponse<String> response =
        edge.send(edge.get("/v1/instructions/" + InstructionId.derive(PARTICIPANT, "x"), edge.token(PARTICIPANT_CLIENT)));

    assertProblem(response, 503, "ENGINE_UNAVAILABLE");
  }

  private static String sha256(String body) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
  }
}
