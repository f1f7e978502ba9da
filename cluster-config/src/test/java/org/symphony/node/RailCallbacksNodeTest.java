package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.symphony.engine.rail.RailKey;
import org.symphony.rails.rtgs.RtgsRail;

/**
 * Airtel Money's and the RTGS's callbacks on the real node: each simulator calls the edge back once
 * when the transfer is final, naming only the rail key; the edge finds the instruction through the
 * read model's rail-key index. Whichever of callback and poll comes first settles the instruction;
 * the other changes nothing, and the rail executed once.
 */
class RailCallbacksNodeTest {

  private static final String RTGS_BODY =
      "{\"amount\":{\"value\":\"25000.00\",\"currency\":\"ZMW\"},\"creditor\":{\"bic\":\"ZNCOZMLU\",\"account\":\"0123456789\",\"name\":\"Chanda Mulenga\"}}";

  @TempDir Path home;

  @ParameterizedTest
  @ValueSource(strings = {"airtel-money", "rtgs"})
  void callbackBeforePollSettlesLongBeforeTheNextPoll(String rail) throws Exception {
    try (SymphonyNode node = SymphonyNode.start(options(rail, "60s"))) {
      var edge = new EdgeClient(node.edgeUrl());
      String token = edge.token(node.credentials().participants().get(0));
      String id = submit(edge, token, rail, "cb-first");

      // Polls are 48-60 s apart; only the callback can settle it within this deadline.
      Await.until(Duration.ofSeconds(25), () -> "SUCCEEDED".equals(edge.get(token, id).path("status").asText()),
          () -> rail + " SUCCEEDED by callback");
      assertEquals(1, callbacks(edge, node, rail).path("answered2xx").asLong(), "the edge took the callback");
      assertEquals(1, executions(edge, node, rail, id));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"airtel-money", "rtgs"})
  void pollBeforeCallbackThenTheLateCallbackChangesNothing(String rail) throws Exception {
    try (SymphonyNode node = SymphonyNode.start(options(rail, "300ms"))) {
      var edge = new EdgeClient(node.edgeUrl());
      String token = edge.token(node.credentials().participants().get(0));
      delayCallbacks(node, rail, 4_000);
      String id = submit(edge, token, rail, "poll-first");

      Await.until(Duration.ofSeconds(20), () -> "SUCCEEDED".equals(edge.get(token, id).path("status").asText()),
          () -> rail + " SUCCEEDED by polling");
      assertEquals(0, callbacks(edge, node, rail).path("sent").asLong(), "polling won: no callback sent yet");

      Await.until(Duration.ofSeconds(20), () -> callbacks(edge, node, rail).path("answered2xx").asLong() == 1,
          () -> "the late callback answered 200");
      JsonNode after = edge.get(token, id);
      assertEquals("SUCCEEDED", after.path("status").asText());
      assertEquals(1, executions(edge, node, rail, id), "a callback makes Symphony ask, never execute again");
    }
  }

  private NodeOptions options(String rail, String poll) throws Exception {
    String sim = rail.equals("rtgs") ? "rtgs" : "airtel";
    return TestNodes.options(home)
        .withOverride("symphony.rails.simulator.airtel.port", 0)
        .withOverride("symphony.rails.simulator.rtgs.port", 0)
        // Pending for a second at the rail, so the first answer is "in progress" and the outcome comes later.
        .withOverride("symphony.rails.simulator." + sim + ".completion-delay", "1s")
        .withOverride("symphony.engine.instruction.poll-initial", poll)
        .withOverride("symphony.engine.instruction.poll-max", poll);
  }

  private static String submit(EdgeClient edge, String token, String rail, String key) throws Exception {
    String body = rail.equals("rtgs") ? RTGS_BODY : EdgeClient.body("11.00", "+260771234567", "CB");
    var response = edge.submit(token, key, body).get();
    assertEquals(202, response.statusCode(), response.body());
    return EdgeClient.JSON.readTree(response.body()).path("instructionId").asText();
  }

  private static JsonNode callbacks(EdgeClient edge, SymphonyNode node, String rail) throws Exception {
    return edge.getJson(node.simulatorUrl(rail).orElseThrow() + "/sim/admin/callback");
  }

  private static void delayCallbacks(SymphonyNode node, String rail, long extraDelayMs) throws Exception {
    String url = node.edgeUrl() + (rail.equals("rtgs") ? "/v1/callbacks/rtgs" : "/v1/callbacks/airtel-money");
    var response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(node.simulatorUrl(rail).orElseThrow() + "/sim/admin/callback"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\",\"extraDelayMs\":" + extraDelayMs + "}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
  }

  private static int executions(EdgeClient edge, SymphonyNode node, String rail, String id) throws Exception {
    RailKey key = RailKey.forInstruction(id);
    String reference = rail.equals("rtgs") ? RtgsRail.messageIdOf(key) : key.value();
    return edge.getJson(node.simulatorUrl(rail).orElseThrow() + "/sim/strikes").path("references").path(reference).asInt();
  }
}
