package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.symphony.edge.EdgeHarness.VALID_BODY;
import static org.symphony.edge.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** At most max-in-flight submissions reach the engine at once; the rest get 503 OVERLOADED at once. */
class AdmissionTest {

  private static final int MAX_IN_FLIGHT = 4;
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static ActorTestKit testKit;
  private EdgeHarness edge;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("AdmissionTest");
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void startEdge() throws Exception {
    edge = EdgeHarness.start(testKit.system(), "symphony.edge.admission.max-in-flight = " + MAX_IN_FLIGHT);
    edge.gateway.hold();
  }

  @AfterEach
  void stopEdge() throws Exception {
    edge.close();
  }

  @Test
  void oneOverTheBoundIsRefusedAndTheBoundIsHeld() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i <= MAX_IN_FLIGHT; i++) calls.add(edge.sendAsync(edge.submit("burst-" + i, VALID_BODY)));

    @SuppressWarnings("unchecked")
    HttpResponse<String> refused =
        (HttpResponse<String>)
            CompletableFuture.anyOf(calls.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertProblem(refused, 503, "OVERLOADED");
    assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());

    List<FakeInstructionGateway.Held> held = new ArrayList<>();
    for (int i = 0; i < MAX_IN_FLIGHT; i++) held.add(edge.gateway.nextHeld(WAIT));
    assertEquals(MAX_IN_FLIGHT, edge.gateway.received().size(), "the refused one never reached the engine");
    assertEquals(1, calls.stream().filter(CompletableFuture::isDone).count(), "the admitted ones are still waiting");

    for (FakeInstructionGateway.Held h : held) h.reply().complete(edge.gateway.decide(h.submission()));
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      HttpResponse<String> answer = call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (answer != refused) assertEquals(202, answer.statusCode(), answer.body());
    }

    edge.gateway.recordNormally();
    assertEquals(202, edge.send(edge.submit("after-the-burst", VALID_BODY)).statusCode());
  }

  @Test
  void aFailedOrTimedOutCallFreesItsSlot() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < MAX_IN_FLIGHT; i++) calls.add(edge.sendAsync(edge.submit("fill-" + i, VALID_BODY)));
    List<FakeInstructionGateway.Held> held = new ArrayList<>();
    for (int i = 0; i < MAX_IN_FLIGHT; i++) held.add(edge.gateway.nextHeld(WAIT));
    assertProblem(edge.send(edge.submit("one-too-many", VALID_BODY)), 503, "OVERLOADED");

    held.get(0).reply().completeExceptionally(new TimeoutException("ask timed out"));
    assertProblem(calls.get(indexOf(held.get(0), calls.size())).get(WAIT.toSeconds(), TimeUnit.SECONDS), 503, "ENGINE_UNAVAILABLE");

    CompletableFuture<HttpResponse<String>> admitted = edge.sendAsync(edge.submit("after-a-failure", VALID_BODY));
    FakeInstructionGateway.Held next = edge.gateway.nextHeld(WAIT);
    assertEquals("after-a-failure", next.submission().idempotencyKey());
    assertFalse(admitted.isDone());

    next.reply().complete(edge.gateway.decide(next.submission()));
    for (int i = 1; i < held.size(); i++) held.get(i).reply().complete(edge.gateway.decide(held.get(i).submission()));
    assertEquals(202, admitted.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode());
  }

  @Test
  void theEngineTimeoutAlsoFreesTheSlot() throws Exception {
    try (EdgeHarness slow =
        EdgeHarness.start(
            testKit.system(), "symphony.edge.admission.max-in-flight = 1\nsymphony.edge.engine-timeout = 200ms")) {
      slow.gateway.hold();

      assertProblem(slow.send(slow.submit("first", VALID_BODY)), 503, "ENGINE_UNAVAILABLE");
      // Not OVERLOADED: the timed-out call gave its only slot back, though the engine never answered.
      assertProblem(slow.send(slow.submit("second", VALID_BODY)), 503, "ENGINE_UNAVAILABLE");
      assertEquals(2, slow.gateway.received().size());
    }
  }

  /** Calls were sent as fill-0..fill-n; the held submission's key says which call it is. */
  private static int indexOf(FakeInstructionGateway.Held held, int calls) {
    int index = Integer.parseInt(held.submission().idempotencyKey().substring("fill-".length()));
    if (index < 0 || index >= calls) throw new AssertionError("unexpected key " + held.submission().idempotencyKey());
    return index;
  }
}
