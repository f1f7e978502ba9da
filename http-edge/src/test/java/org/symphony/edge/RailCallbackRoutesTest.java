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
 * Rails' callbacks become a hint to the instruction they name, found through the read model's rail-key index:
 * MTN's by PUT or POST (externalId; unknown → 404, no entity touched), Airtel's and the RTGS's by rail key
 * (202 at once, resolved in the background). Anything else is refused with its own code.
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
  void putAndPostCallbacksOfAKnownInstructionReachIt() throws Exception {
    String id = InstructionId.derive("bank-a", "k-1");
    edge.railKeys.put(RailKey.forInstruction(id).value(), id);
    String body = "{\"externalId\":\"" + id + "\",\"status\":\"SUCCESSFUL\",\"financialTransactionId\":\"123\"}";
    for (String method : List.of("PUT", "POST")) {
      var response = mtn(method, body);
      assertEquals(200, response.statusCode(), method + ": " + response.body());
    }
    assertEquals(List.of(id, id), List.copyOf(edge.gateway.callbacks));
  }

  @Test
  void anMtnCallbackNamingNoKnownInstructionIsNotFoundAndTouchesNoEntity() throws Exception {
    String forged = InstructionId.derive("forger", "k-0");
    assertProblem(mtn("PUT", "{\"externalId\":\"" + forged + "\"}"), 404, "CALLBACK_REFERENCE_UNKNOWN");
    assertTrue(edge.gateway.callbacks.isEmpty());
  }

  @Test
  void aCallbackForASettledInstructionIsNotedAndTouchesNoEntity() throws Exception {
    String id = InstructionId.derive("bank-a", "k-9");
    edge.railKeys.settled(RailKey.forInstruction(id).value(), id);
    assertEquals(200, mtn("PUT", "{\"externalId\":\"" + id + "\"}").statusCode());
    assertTrue(edge.gateway.callbacks.isEmpty(), "a settled instruction has nothing to ask");
  }

  @Test
  void aCallbackNamingNoInstructionIsRefused() throws Exception {
    assertProblem(mtn("PUT", "{\"externalId\":\"../../etc\"}"), 400, "FIELD_INVALID");
    assertTrue(edge.gateway.callbacks.isEmpty());
  }

  @Test
  void airtelCallbackNamingAnIndexedTransactionIsAcceptedAndReachesItsInstruction() throws Exception {
    String id = InstructionId.derive("bank-a", "k-2");
    String key = RailKey.forInstruction(id).value();
    edge.railKeys.put(key, id);
    var response = post("/v1/callbacks/airtel-money", "application/json",
        "{\"transaction\":{\"id\":\"" + key + "\",\"message\":\"ok\",\"status_code\":\"TS\",\"airtel_money_id\":\"MP1\"}}");
    assertEquals(202, response.statusCode(), response.body());
    awaitCallbacks(List.of(id));
  }

  @Test
  void rtgsStatusReportNamingOurUetrOrMessageIdReachesItsInstruction() throws Exception {
    String id = InstructionId.derive("bank-a", "k-3");
    String key = RailKey.forInstruction(id).value();
    edge.railKeys.put(key, id);
    var byUetr = post("/v1/callbacks/rtgs", "application/xml", pacs002("<OrgnlUETR>" + key + "</OrgnlUETR>"));
    assertEquals(202, byUetr.statusCode(), byUetr.body());
    awaitCallbacks(List.of(id));
    String msgId = key.replace("-", "").toUpperCase();
    var byMsgId = post("/v1/callbacks/rtgs", "application/xml", pacs002("<OrgnlMsgId>" + msgId + "</OrgnlMsgId>"));
    assertEquals(202, byMsgId.statusCode(), byMsgId.body());
    awaitCallbacks(List.of(id, id));
  }

  @Test
  void aCallbackArrivingBeforeTheIndexCaughtUpReachesItsInstructionOnceIndexed() throws Exception {
    String id = InstructionId.derive("bank-a", "k-4");
    String key = RailKey.forInstruction(id).value();
    var response = post("/v1/callbacks/airtel-money", "application/json", "{\"transaction\":{\"id\":\"" + key + "\"}}");
    assertEquals(202, response.statusCode(), response.body());
    assertTrue(edge.gateway.callbacks.isEmpty());
    edge.railKeys.put(key, id); // the projection caught up within the index wait
    awaitCallbacks(List.of(id));
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
  void aReadModelThatCannotBeReadIsUnavailableForMtnAndRetriedForTheOthers() throws Exception {
    edge.railKeys.fail(true);
    var response = mtn("PUT", "{\"externalId\":\"" + InstructionId.derive("bank-a", "k-5") + "\"}");
    assertProblem(response, 503, "READ_MODEL_UNAVAILABLE");
    assertTrue(response.headers().firstValue("Retry-After").isPresent());
    String id = InstructionId.derive("bank-a", "k-6");
    String key = RailKey.forInstruction(id).value();
    assertEquals(202, post("/v1/callbacks/airtel-money", "application/json", "{\"transaction\":{\"id\":\"" + key + "\"}}").statusCode());
    edge.railKeys.put(key, id);
    edge.railKeys.fail(false);
    awaitCallbacks(List.of(id));
  }

  @Test
  void withASecretConfiguredOnlyCallbackUrlsCarryingItAreHeard() throws Exception {
    edge.close();
    edge = EdgeHarness.start(testKit.system(), "symphony.edge.callbacks.secrets { airtel-money = \"s3cret-a\", mtn-momo = \"s3cret-m\" }");
    String id = InstructionId.derive("bank-a", "k-7");
    String key = RailKey.forInstruction(id).value();
    edge.railKeys.put(key, id);
    String airtel = "{\"transaction\":{\"id\":\"" + key + "\"}}";
    assertProblem(post("/v1/callbacks/airtel-money", "application/json", airtel), 401, "CALLBACK_UNAUTHENTICATED");
    assertProblem(post("/v1/callbacks/airtel-money?secret=s3cret-m", "application/json", airtel), 401, "CALLBACK_UNAUTHENTICATED");
    assertProblem(mtn("PUT", "{\"externalId\":\"" + id + "\"}"), 401, "CALLBACK_UNAUTHENTICATED");
    assertEquals(0, edge.railKeys.lookups(), "refused before the read model was asked");
    assertTrue(edge.gateway.callbacks.isEmpty());

    assertEquals(202, post("/v1/callbacks/airtel-money?secret=s3cret-a", "application/json", airtel).statusCode());
    awaitCallbacks(List.of(id));
    // The RTGS has no secret configured: its callbacks are heard as before.
    assertEquals(202, post("/v1/callbacks/rtgs", "application/xml", pacs002("<OrgnlUETR>" + key + "</OrgnlUETR>")).statusCode());
    awaitCallbacks(List.of(id, id));
  }

  private java.net.http.HttpResponse<String> mtn(String method, String body) throws Exception {
    return edge.send(edge.request("/v1/callbacks/mtn-momo").header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** Resolved in the background: the instruction is told shortly after the callback was acknowledged. */
  private void awaitCallbacks(List<String> expected) {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
    while (!List.copyOf(edge.gateway.callbacks).equals(expected)) {
      if (System.nanoTime() > deadline) fail("callbacks told " + edge.gateway.callbacks + ", expected " + expected);
      java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(10).toNanos());
    }
  }

  private java.net.http.HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return edge.send(edge.request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static String pacs002(String reference) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10\">"
        + "<FIToFIPmtStsRpt><TxInfAndSts>" + reference + "<TxSts>ACSC</TxSts></TxInfAndSts></FIToFIPmtStsRpt></Document>";
  }
}
