package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.rail.RailKey;
import org.symphony.rails.rtgs.RtgsRail;

/**
 * Interoperability on the real node: MTN MoMo, Airtel Money and the RTGS, each over HTTP to its simulator,
 * chosen by routing; an operator that is not connected is REJECTED with its number.
 */
class ThreeRailsNodeTest {

  @TempDir Path home;

  @Test
  void eachCreditorReachesItsRailExactlyOnceAndUnconnectedOperatorsAreRejected() throws Exception {
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home)
        .withOverride("symphony.rails.simulator.airtel.port", 0)
        .withOverride("symphony.rails.simulator.rtgs.port", 0))) {
      var edge = new EdgeClient(node.edgeUrl());
      String token = edge.token(node.credentials().participants().get(0));

      String mtn = submitAndAwait(edge, token, "r-mtn", EdgeClient.body("10.00", "+260761234567", "M"), "mtn-momo");
      String airtel = submitAndAwait(edge, token, "r-airtel", EdgeClient.body("11.00", "+260771234567", "A"), "airtel-money");
      String rtgs = submitAndAwait(edge, token, "r-rtgs",
          "{\"amount\":{\"value\":\"25000.00\",\"currency\":\"ZMW\"},\"creditor\":{\"bic\":\"ZNCOZMLU\",\"account\":\"0123456789\",\"name\":\"Chanda Mulenga\"}}", "rtgs");

      assertEquals(1, strikes(edge, node, "mtn-momo").path("references").path(RailKey.forInstruction(mtn).value()).asInt());
      assertEquals(1, strikes(edge, node, "airtel-money").path("references").path(RailKey.forInstruction(airtel).value()).asInt());
      assertEquals(1, strikes(edge, node, "rtgs").path("references").path(RtgsRail.messageIdOf(RailKey.forInstruction(rtgs))).asInt());

      var unconnected = edge.submit(token, "r-zamtel", EdgeClient.body("12.00", "+260951234567", "Z")).get();
      assertEquals(422, unconnected.statusCode(), unconnected.body());
      var problem = EdgeClient.JSON.readTree(unconnected.body());
      assertEquals("RAIL_NOT_CONNECTED", problem.path("code").asText());
      assertEquals(4, problem.path("sequenceId").asLong(), "a rejected instruction still takes its number (INV-SEQ)");
    }
  }

  private static String submitAndAwait(EdgeClient edge, String token, String key, String body, String rail) throws Exception {
    var response = edge.submit(token, key, body).get();
    assertEquals(202, response.statusCode(), response.body());
    String id = EdgeClient.JSON.readTree(response.body()).path("instructionId").asText();
    Await.until(Duration.ofSeconds(30), () -> "SUCCEEDED".equals(edge.get(token, id).path("status").asText()), () -> key + " SUCCEEDED");
    assertEquals(rail, edge.get(token, id).path("rail").asText());
    return id;
  }

  private static com.fasterxml.jackson.databind.JsonNode strikes(EdgeClient edge, SymphonyNode node, String rail) throws Exception {
    return edge.getJson(node.simulatorUrl(rail).orElseThrow() + "/sim/strikes");
  }
}
