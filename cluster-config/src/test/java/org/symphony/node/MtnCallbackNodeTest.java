package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.rail.RailKey;

/**
 * Callback before poll: with polls a minute apart, MTN's callback (sent once by the simulator to the
 * node's edge) makes the instruction ask at once and settle; a repeated callback changes nothing. Every
 * other node test runs without callbacks (edge on port 0), i.e. poll alone.
 */
class MtnCallbackNodeTest {

  @TempDir Path home;

  @Test
  void theCallbackSettlesTheInstructionLongBeforeTheNextPoll() throws Exception {
    int edgePort = TestNodes.freePort();
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home)
        .withOverride("symphony.edge.port", edgePort)
        .withOverride("symphony.engine.instruction.poll-initial", "60s")
        .withOverride("symphony.engine.instruction.poll-max", "60s"))) {
      var edge = new EdgeClient(node.edgeUrl());
      String token = edge.token(node.credentials().participants().get(0));
      var submitted = edge.submit(token, "cb-1", EdgeClient.body("3.00", "+260961234567", "CB")).get();
      assertEquals(202, submitted.statusCode(), submitted.body());
      String id = EdgeClient.JSON.readTree(submitted.body()).path("instructionId").asText();

      // The next poll is 48-60 s away; only the callback can settle it within this deadline.
      Await.until(Duration.ofSeconds(20), () -> "SUCCEEDED".equals(edge.get(token, id).path("status").asText()), () -> "SUCCEEDED by callback");

      // A second, late callback is a no-op.
      var again = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.edgeUrl() + "/v1/callbacks/mtn-momo"))
              .header("Content-Type", "application/json")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"externalId\":\"" + id + "\",\"status\":\"FAILED\"}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, again.statusCode());
      assertEquals("SUCCEEDED", edge.get(token, id).path("status").asText(), "a callback's body is never believed");
      var strikes = edge.getJson(node.mtnSimulatorUrl().orElseThrow() + "/sim/strikes");
      assertEquals(1, strikes.path("references").path(RailKey.forInstruction(id).value()).asInt());
    }
  }
}
