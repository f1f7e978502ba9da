package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stopped and restarted node keeps every instruction, its sequence id and its status; ids continue gaplessly. */
class NodeRestartTest {

  @TempDir Path home;

  @Test
  void instructionsSurviveARestartAndSequenceIdsContinue() throws Exception {
    String instructionId;
    String body = EdgeClient.body("150.00", "+260961234567", "INV-42");
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home))) {
      var edge = new EdgeClient(node.edgeUrl());
      String token = edge.token(node.credentials().participants().get(0));
      var response = edge.submit(token, "inv-42", body).get();
      assertEquals(202, response.statusCode(), response.body());
      instructionId = EdgeClient.JSON.readTree(response.body()).get("instructionId").asText();
      Await.until(Duration.ofSeconds(30), () -> "SUCCEEDED".equals(edge.get(token, instructionId).get("status").asText()), () -> "SUCCEEDED");
      assertTrue(Files.isRegularFile(node.devJson()));
      assertEquals("[OWNER_READ, OWNER_WRITE]", Files.getPosixFilePermissions(node.devJson()).stream().sorted().toList().toString());
    }

    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home))) {
      var edge = new EdgeClient(node.edgeUrl());
      String token = edge.token(node.credentials().participants().get(0));
      JsonNode again = edge.get(token, instructionId);
      assertEquals("SUCCEEDED", again.get("status").asText());
      assertEquals(1, again.get("sequenceId").asLong());

      var duplicate = edge.submit(token, "inv-42", body).get();
      assertEquals(200, duplicate.statusCode(), "a duplicate after restart replays: " + duplicate.body());
      assertEquals(instructionId, EdgeClient.JSON.readTree(duplicate.body()).get("instructionId").asText());

      var next = edge.submit(token, "inv-43", EdgeClient.body("1.00", "+260961234567", "INV-43")).get();
      assertEquals(202, next.statusCode(), next.body());
      assertEquals(2, EdgeClient.JSON.readTree(next.body()).get("sequenceId").asLong(), "no gap, no repeat across restarts");

      JsonNode strikes = edge.getJson(node.mtnSimulatorUrl().orElseThrow() + "/sim/strikes");
      Await.until(Duration.ofSeconds(30), () -> edge.getJson(node.mtnSimulatorUrl().orElseThrow() + "/sim/strikes").get("total").asInt() == 2, () -> "2 executions");
      assertTrue(strikes.get("total").asInt() <= 2);
    }
  }
}
