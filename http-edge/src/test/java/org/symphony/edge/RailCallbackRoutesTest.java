package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.*;
import static org.symphony.edge.ProblemAssertions.assertProblem;

import java.net.http.HttpRequest;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.engine.instruction.InstructionId;

/** MTN's callback, by PUT or POST, becomes a hint to the named instruction; anything else is refused. */
class RailCallbackRoutesTest {

  private static ActorTestKit testKit;
  private EdgeHarness edge;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("RailCallbackRoutesTest");
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
  void putAndPostCallbacksReachTheInstruction() throws Exception {
    String id = InstructionId.derive("bank-a", "k-1");
    String body = "{\"externalId\":\"" + id + "\",\"status\":\"SUCCESSFUL\",\"financialTransactionId\":\"123\"}";
    for (String method : List.of("PUT", "POST")) {
      var response = edge.send(edge.request("/v1/callbacks/mtn-momo").header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
      assertEquals(200, response.statusCode(), method + ": " + response.body());
    }
    assertEquals(List.of(id, id), List.copyOf(edge.gateway.callbacks));
  }

  @Test
  void aCallbackNamingNoInstructionIsRefused() throws Exception {
    var response = edge.send(edge.request("/v1/callbacks/mtn-momo").header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"externalId\":\"../../etc\"}")).build());
    assertProblem(response, 400, "FIELD_INVALID");
    assertTrue(edge.gateway.callbacks.isEmpty());
  }
}
