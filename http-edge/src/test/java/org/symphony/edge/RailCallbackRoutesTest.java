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
import org.symphony.engine.rail.RailKey;

/**
 * Rails' callbacks become a hint to the instruction they name: MTN's by PUT or POST (externalId), Airtel's
 * and the RTGS's by rail key through the read model's index. Anything else is refused with its own code.
 */
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
    edge = EdgeHarness.start(testKit.system(), "symphony.edge.callbacks.index-wait = 1s");
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

  @Test
  void airtelCallbackNamingAnIndexedTransactionReachesItsInstruction() throws Exception {
    String id = InstructionId.derive("bank-a", "k-2");
    String key = RailKey.forInstruction(id).value();
    edge.railKeys.put(key, id);
    var response = post("/v1/callbacks/airtel-money", "application/json",
        "{\"transaction\":{\"id\":\"" + key + "\",\"message\":\"ok\",\"status_code\":\"TS\",\"airtel_money_id\":\"MP1\"}}");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(List.of(id), List.copyOf(edge.gateway.callbacks));
  }

  @Test
  void rtgsStatusReportNamingOurUetrOrMessageIdReachesItsInstruction() throws Exception {
    String id = InstructionId.derive("bank-a", "k-3");
    String key = RailKey.forInstruction(id).value();
    edge.railKeys.put(key, id);
    var byUetr = post("/v1/callbacks/rtgs", "application/xml", pacs002("<OrgnlUETR>" + key + "</OrgnlUETR>"));
    assertEquals(200, byUetr.statusCode(), byUetr.body());
    String msgId = key.replace("-", "").toUpperCase();
    var byMsgId = post("/v1/callbacks/rtgs", "application/xml", pacs002("<OrgnlMsgId>" + msgId + "</OrgnlMsgId>"));
    assertEquals(200, byMsgId.statusCode(), byMsgId.body());
    assertEquals(List.of(id, id), List.copyOf(edge.gateway.callbacks));
  }

  @Test
  void aCallbackArrivingBeforeTheIndexCaughtUpWaitsForIt() throws Exception {
    String id = InstructionId.derive("bank-a", "k-4");
    String key = RailKey.forInstruction(id).value();
    // The read model indexes the key a moment after the callback arrived (projection lag).
    java.util.concurrent.CompletableFuture.runAsync(() -> edge.railKeys.put(key, id),
        java.util.concurrent.CompletableFuture.delayedExecutor(300, java.util.concurrent.TimeUnit.MILLISECONDS));
    var response = post("/v1/callbacks/airtel-money", "application/json", "{\"transaction\":{\"id\":\"" + key + "\"}}");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(List.of(id), List.copyOf(edge.gateway.callbacks));
  }

  @Test
  void aRailKeyNobodyIssuedIsNotFoundAndTouchesNothing() throws Exception {
    String unknown = RailKey.forInstruction("never-accepted").value();
    assertProblem(post("/v1/callbacks/airtel-money", "application/json", "{\"transaction\":{\"id\":\"" + unknown + "\"}}"),
        404, "CALLBACK_REFERENCE_UNKNOWN");
    assertProblem(post("/v1/callbacks/rtgs", "application/xml", pacs002("<OrgnlUETR>" + unknown + "</OrgnlUETR>")),
        404, "CALLBACK_REFERENCE_UNKNOWN");
    assertTrue(edge.gateway.callbacks.isEmpty());
  }

  @Test
  void malformedCallbacksAreRefusedWithTheirCode() throws Exception {
    assertProblem(post("/v1/callbacks/airtel-money", "application/json", "{\"transaction\":{\"id\":42}}"), 400, "FIELD_INVALID");
    assertProblem(post("/v1/callbacks/airtel-money", "application/json", "not json"), 400, "FIELD_INVALID");
    assertProblem(post("/v1/callbacks/rtgs", "application/xml", "<Document><unclosed>"), 400, "FIELD_INVALID");
    // An external entity is never resolved: the document is refused, not read.
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<Document><OrgnlUETR>&x;</OrgnlUETR></Document>";
    assertProblem(post("/v1/callbacks/rtgs", "application/xml", xxe), 400, "FIELD_INVALID");
    assertTrue(edge.gateway.callbacks.isEmpty());
  }

  @Test
  void aReadModelThatCannotBeReadIsUnavailableNotAnError() throws Exception {
    edge.railKeys.fail(true);
    var response = post("/v1/callbacks/airtel-money", "application/json",
        "{\"transaction\":{\"id\":\"" + RailKey.forInstruction("x").value() + "\"}}");
    assertProblem(response, 503, "READ_MODEL_UNAVAILABLE");
    assertTrue(response.headers().firstValue("Retry-After").isPresent());
  }

  private java.net.http.HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return edge.send(edge.request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static String pacs002(String reference) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10\">"
        + "<FIToFIPmtStsRpt><TxInfAndSts>" + reference + "<TxSts>ACSC</TxSts></TxInfAndSts></FIToFIPmtStsRpt></Document>";
  }
}
