package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.*;
import static org.symphony.edge.EdgeHarness.OPERATOR_CLIENT;
import static org.symphony.edge.EdgeHarness.PARTICIPANT;
import static org.symphony.edge.EdgeHarness.PARTICIPANT_CLIENT;
import static org.symphony.edge.EdgeHarness.VALID_BODY;
import static org.symphony.edge.ProblemAssertions.assertProblem;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.edge.attest.IngressEntry;
import org.symphony.engine.instruction.SubmitReply;

/**
 * Promise 1 at the edge (INV-ATTEST): every answer of POST /v1/instructions — accepted, each refusal,
 * duplicate — leaves exactly one committed attestation, committed before the engine is asked (an unauthenticated
 * one is counted per source and window instead); without a commit the answer is 503 and nothing is forwarded.
 */
class IngressAttestationTest {

  private static ActorTestKit testKit;
  private EdgeHarness edge;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("IngressAttestationTest");
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void startEdge() throws Exception {
    edge = EdgeHarness.start(testKit.system(), "symphony.edge.admission.max-in-flight = 1");
  }

  @AfterEach
  void stopEdge() throws Exception {
    edge.close();
  }

  @Test
  void acceptedInstructionIsAttestedForwardedWithItsIdentityAndOutcome() throws Exception {
    var response = edge.send(withRequestId(edge.submit("k-1", VALID_BODY), "req-ok"));
    assertEquals(202, response.statusCode(), response.body());
    IngressEntry entry = only(edge.ledger.entries());
    assertTrue(entry.forwarded());
    assertEquals(PARTICIPANT, entry.subject());
    assertEquals(edge.keys.keyId(), entry.keyId());
    assertEquals("req-ok", entry.requestId());
    assertEquals("k-1", entry.idempotencyKey());
    assertEquals("POST", entry.method());
    assertEquals("/v1/instructions", entry.path());
    assertNotNull(entry.bodySha256());
    assertNull(entry.problemCode());
    assertEquals(edge.gateway.received().get(0).attestationId(), edge.ledger.outcomes().get(0).attestationId());
  }

  @Test
  void everyRefusalIsAttestedOnceWithItsCodeAndStatus() throws Exception {
    String token = edge.token(PARTICIPANT_CLIENT);
    record Case(HttpRequest request, int status, String code, String subject) {}
    List<Case> cases = List.of(
        new Case(edge.submit(null, "k-2", VALID_BODY), 401, "TOKEN_MISSING", IngressEntry.UNAUTHENTICATED),
        new Case(edge.submit("not.a.token", "k-3", VALID_BODY), 401, "TOKEN_INVALID", IngressEntry.UNAUTHENTICATED),
        new Case(edge.submit(edge.token(OPERATOR_CLIENT), "k-4", VALID_BODY), 403, "FORBIDDEN_ROLE", "ops-alice"),
        new Case(edge.submit(token, null, VALID_BODY), 400, "IDEMPOTENCY_KEY_MISSING", PARTICIPANT),
        new Case(edge.submit(token, "k-5", "{not json"), 400, "MALFORMED_JSON", PARTICIPANT),
        new Case(edge.submit(token, "k-6", EdgeHarness.body("0", "ZMW", "+260961234567")), 400, "AMOUNT_NOT_POSITIVE", PARTICIPANT),
        new Case(
            edge.request("/v1/instructions").header("Authorization", "Bearer " + token).header("Idempotency-Key", "k-7")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
            415, "UNSUPPORTED_MEDIA_TYPE", PARTICIPANT));
    for (Case c : cases) {
      int before = edge.ledger.entries().size();
      int countedBefore = edge.ledger.refusals().size();
      assertProblem(edge.send(c.request()), c.status(), c.code());
      // A request that proved no identity is counted (a row per source and window), one that did gets its own row.
      boolean unauthenticated = c.subject().equals(IngressEntry.UNAUTHENTICATED);
      List<IngressEntry> after = unauthenticated
          ? edge.ledger.refusals().stream().map(InMemoryIngressLedger.CountedRefusal::entry).toList()
          : edge.ledger.entries();
      assertEquals((unauthenticated ? countedBefore : before) + 1, after.size(), "exactly one account of " + c.code());
      assertEquals(unauthenticated ? before : before + 1, edge.ledger.entries().size(), "rows for " + c.code());
      IngressEntry entry = after.get(after.size() - 1);
      assertFalse(entry.forwarded(), c.code());
      assertEquals(c.code(), entry.problemCode());
      assertEquals(c.status(), entry.httpStatus());
      assertEquals(c.subject(), entry.subject(), c.code());
    }
    assertTrue(edge.gateway.received().isEmpty(), "no refusal reached the engine");
    assertTrue(edge.ledger.outcomes().isEmpty());
  }

  @Test
  void duplicateIsAttestedAndLinkedToTheSameInstruction() throws Exception {
    assertEquals(202, edge.send(edge.submit("dup", VALID_BODY)).statusCode());
    var replay = edge.send(edge.submit("dup", VALID_BODY));
    assertEquals("true", replay.headers().firstValue("Idempotent-Replayed").orElseThrow());
    assertEquals(2, edge.ledger.entries().size());
    assertTrue(edge.ledger.entries().stream().allMatch(IngressEntry::forwarded));
    var outcomes = edge.ledger.outcomes();
    assertEquals(List.of("ACCEPTED", "REPLAYED"), outcomes.stream().map(InMemoryIngressLedger.Outcome::outcome).toList());
    assertEquals(outcomes.get(0).instructionId(), outcomes.get(1).instructionId());
    assertNotEquals(outcomes.get(0).attestationId(), outcomes.get(1).attestationId());
  }

  @Test
  void overloadRefusalIsAttestedToo() throws Exception {
    edge.gateway.hold();
    var first = edge.sendAsync(edge.submit("slot-1", VALID_BODY));
    edge.gateway.nextHeld(Duration.ofSeconds(5));
    assertProblem(edge.send(edge.submit("slot-2", VALID_BODY)), 503, "OVERLOADED");
    IngressEntry last = edge.ledger.entries().get(edge.ledger.entries().size() - 1);
    assertEquals("OVERLOADED", last.problemCode());
    assertFalse(last.forwarded());
    edge.gateway.recordNormally();
    first.cancel(true);
  }

  @Test
  void theEngineIsNotReachedBeforeTheCommit() throws Exception {
    edge.ledger.holdCommits();
    var pending = edge.sendAsync(edge.submit("held", VALID_BODY));
    await(() -> edge.ledger.calls() == 1);
    // The attestation is waiting for its commit: the engine must not have been asked yet.
    assertTrue(edge.gateway.received().isEmpty(), "engine reached before the attestation committed");
    assertFalse(pending.isDone());
    edge.ledger.release();
    assertEquals(202, pending.get().statusCode());
    assertEquals(1, edge.gateway.received().size());
  }

  @Test
  void noCommitMeans503AndNothingForwarded() throws Exception {
    edge.ledger.refuse(true);
    HttpResponse<String> response = edge.send(edge.submit("down", VALID_BODY));
    assertProblem(response, 503, "ATTESTATION_UNAVAILABLE");
    assertTrue(response.headers().firstValue("Retry-After").isPresent());
    assertProblem(edge.send(edge.submit(null, "down-2", VALID_BODY)), 503, "ATTESTATION_UNAVAILABLE");
    assertTrue(edge.gateway.received().isEmpty(), "fail closed: nothing forwarded");

    edge.ledger.refuse(false);
    assertEquals(202, edge.send(edge.submit("down", VALID_BODY)).statusCode(), "resumes when the ledger is back");
  }

  @Test
  void blackholedRequestIsAttestedButNeverClosed() throws Exception {
    edge.blackholed.add("lost-1");
    var response = edge.send(withRequestId(edge.submit("bh", VALID_BODY), "lost-1"));
    assertEquals(503, response.statusCode());
    assertTrue(edge.gateway.received().isEmpty());
    IngressEntry entry = only(edge.ledger.entries());
    assertTrue(entry.forwarded());
    assertEquals("lost-1", entry.requestId());
    assertTrue(edge.ledger.outcomes().isEmpty(), "no outcome: the gap query must find it");
  }

  private static HttpRequest withRequestId(HttpRequest request, String requestId) {
    return HttpRequest.newBuilder(request, (name, value) -> true).header("X-Request-Id", requestId).build();
  }

  private static <T> T only(List<T> list) {
    assertEquals(1, list.size(), list.toString());
    return list.get(0);
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("condition not met in time");
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }
}
