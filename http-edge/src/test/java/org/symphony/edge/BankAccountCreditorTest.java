package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.*;
import static org.symphony.edge.ProblemAssertions.assertProblem;
import static org.symphony.edge.ProblemAssertions.json;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.engine.rail.Creditor;

/** Bank-account creditors (RTGS): what is accepted, what is refused, and how it is echoed. */
class BankAccountCreditorTest {

  private static ActorTestKit testKit;
  private EdgeHarness edge;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("BankAccountCreditorTest");
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

  private static String body(String creditor) {
    return "{\"amount\":{\"value\":\"1500.00\",\"currency\":\"ZMW\"},\"creditor\":" + creditor + "}";
  }

  @Test
  void aBankAccountReachesTheEngineAndIsEchoed() throws Exception {
    var response = edge.send(edge.submit("bank-1", body("{\"bic\":\"ZNCOZMLU\",\"account\":\"0123456789\",\"name\":\" Mwila Banda \"}")));
    assertEquals(202, response.statusCode(), response.body());
    assertEquals(new Creditor.BankAccount("ZNCOZMLU", "0123456789", "Mwila Banda"), edge.gateway.received().get(0).creditor());
    assertEquals("Mwila Banda", json(response).path("creditor").path("name").asText());
    assertEquals("ZNCOZMLU", json(response).path("creditor").path("bic").asText());
    assertEquals("0123456789", json(response).path("creditor").path("account").asText());
  }

  @Test
  void malformedBankAccountsAreRefusedWithTheirOwnCodes() throws Exception {
    assertProblem(edge.send(edge.submit("b-2", body("{\"bic\":\"ZNC\",\"account\":\"0123456789\",\"name\":\"M B\"}"))), 400, "BIC_INVALID");
    assertProblem(edge.send(edge.submit("b-3", body("{\"bic\":\"ZNCOZMLU\",\"account\":\"01-23\",\"name\":\"M B\"}"))), 400, "ACCOUNT_INVALID");
    assertProblem(edge.send(edge.submit("b-4", body("{\"bic\":\"ZNCOZMLU\"}"))), 400, "FIELD_MISSING");
    assertProblem(edge.send(edge.submit("b-5", body("{\"bic\":\"ZNCOZMLU\",\"account\":\"1\",\"msisdn\":\"+260961234567\"}"))), 400, "FIELD_INVALID");
    assertProblem(edge.send(edge.submit("b-6", body("{\"bic\":12345678,\"account\":\"1\",\"name\":\"M B\"}"))), 400, "BIC_INVALID");
    assertTrue(edge.gateway.received().isEmpty());
  }

  @Test
  void aBankTransferWithoutTheAccountHoldersNameIsRefused() throws Exception {
    var missing = edge.send(edge.submit("n-1", body("{\"bic\":\"ZNCOZMLU\",\"account\":\"0123456789\"}")));
    assertProblem(missing, 400, "FIELD_MISSING");
    assertEquals("/creditor/name", json(missing).path("pointer").asText());
    assertProblem(edge.send(edge.submit("n-2", body("{\"bic\":\"ZNCOZMLU\",\"account\":\"1\",\"name\":\"   \"}"))), 400, "CREDITOR_NAME_INVALID");
    assertProblem(edge.send(edge.submit("n-3", body("{\"bic\":\"ZNCOZMLU\",\"account\":\"1\",\"name\":42}"))), 400, "CREDITOR_NAME_INVALID");
    assertProblem(edge.send(edge.submit("n-4", body("{\"bic\":\"ZNCOZMLU\",\"account\":\"1\",\"name\":\"" + "x".repeat(141) + "\"}"))), 400, "CREDITOR_NAME_INVALID");
    assertProblem(edge.send(edge.submit("n-5", body("{\"bic\":\"ZNCOZMLU\",\"account\":\"1\",\"name\":\"Mwila\\u0007Banda\"}"))), 400, "CREDITOR_NAME_INVALID");
    assertTrue(edge.gateway.received().isEmpty(), "nothing refused reached the engine");
  }
}
