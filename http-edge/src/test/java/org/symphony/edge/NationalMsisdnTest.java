package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.*;
import static org.symphony.edge.ProblemAssertions.assertProblem;
import static org.symphony.edge.ProblemAssertions.json;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.symphony.engine.rail.Creditor;

/**
 * Zambian numbers in the forms participants' systems hold them reach the engine, and are echoed, in E.164 only:
 * the journal, the idempotency check and the routing table never see two spellings of one wallet.
 */
class NationalMsisdnTest {

  private static ActorTestKit testKit;
  private EdgeHarness edge;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("NationalMsisdnTest");
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

  /** An Idempotency-Key of the form's characters that a key may carry. */
  private static String key(String form) {
    return "m-" + Integer.toHexString(form.hashCode());
  }

  private static String body(String msisdn) {
    return "{\"amount\":{\"value\":\"15.00\",\"currency\":\"ZMW\"},\"creditor\":{\"msisdn\":\"" + msisdn + "\"}}";
  }

  @ParameterizedTest
  @ValueSource(strings = {"+260971234567", "260971234567", "00260971234567", "0971234567"})
  void everyAcceptedFormBecomesE164(String form) throws Exception {
    var response = edge.send(edge.submit(key(form), body(form)));
    assertEquals(202, response.statusCode(), response.body());
    assertEquals(new Creditor.MobileWallet("+260971234567"), edge.gateway.received().get(0).creditor());
    assertEquals("+260971234567", json(response).path("creditor").path("msisdn").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"971234567", "097123456", "09712345678", "2609712345678", "+260 97 123 4567", "097-123-4567", "+0971234567"})
  void ambiguousOrMalformedFormsAreRefusedNotGuessed(String form) throws Exception {
    var problem = assertProblem(edge.send(edge.submit(key(form), body(form))), 400, "MSISDN_INVALID");
    assertEquals("/creditor/msisdn", problem.path("pointer").asText());
    assertTrue(edge.gateway.received().isEmpty(), "nothing refused reached the engine");
  }

  @ParameterizedTest
  @ValueSource(strings = {"+14155550100", "0014155550100", "0027821234567"})
  void otherCountriesAreNotRoutable(String form) throws Exception {
    assertProblem(edge.send(edge.submit(key(form), body(form))), 400, "MSISDN_UNSUPPORTED_COUNTRY");
    assertTrue(edge.gateway.received().isEmpty());
  }
}
