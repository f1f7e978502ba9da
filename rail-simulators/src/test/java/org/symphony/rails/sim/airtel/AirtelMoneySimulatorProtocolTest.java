package org.symphony.rails.sim.airtel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.SimControl;

/** The simulator's HTTP contract, spoken to directly (no adapter). */
class AirtelMoneySimulatorProtocolTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String PIN = "ZW5jcnlwdGVkLXBpbg==";

  @TempDir Path dataDir;
  private RunningSimulator simulator;
  private SimControl sim;

  @BeforeEach
  void start() {
    simulator = Await.result(AirtelMoneySimulator.start(testKit.system(),
        AirtelSimulatorSettings.of("127.0.0.1", 0, dataDir, Duration.ZERO).withMaxReferences(3)));
    sim = new SimControl(simulator.baseUrl());
  }

  @AfterEach
  void stop() {
    Await.result(simulator.stop());
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static String body(String id, String msisdn, String amount) {
    return "{\"payee\":{\"msisdn\":\"" + msisdn + "\",\"wallet_type\":\"NORMAL\"},\"reference\":\"INV-1\","
        + "\"pin\":\"" + PIN + "\",\"transaction\":{\"amount\":" + amount + ",\"id\":\"" + id + "\",\"type\":\"B2C\"}}";
  }

  private static String body(String id) {
    return body(id, "971234567", "150.00");
  }

  private SimControl.Reply tokenRequest(String json) {
    return sim.post("/auth/oauth2/token", Map.of("Content-Type", "application/json"), json);
  }

  private String token() {
    SimControl.Reply reply = tokenRequest("{\"client_id\":\"id\",\"client_secret\":\"secret\",\"grant_type\":\"client_credentials\"}");
    assertEquals(200, reply.status(), reply.body());
    return reply.json().path("access_token").asText();
  }

  private Map<String, String> apiHeaders() {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", "Bearer " + token());
    headers.put("X-Country", "ZM");
    headers.put("X-Currency", "ZMW");
    headers.put("Content-Type", "application/json");
    return headers;
  }

  private SimControl.Reply disburse(String body) {
    return sim.post("/standard/v2/disbursements/", apiHeaders(), body);
  }

  private SimControl.Reply enquire(String id) {
    return sim.get("/standard/v2/disbursements/" + id + "?transactionType=B2C", apiHeaders());
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  // --- tokens ------------------------------------------------------------------------------------

  @Test
  void tokenEndpointIssuesThreeMinuteBearerTokens() {
    SimControl.Reply reply =
        tokenRequest("{\"client_id\":\"id\",\"client_secret\":\"secret\",\"grant_type\":\"client_credentials\"}");

    assertEquals(200, reply.status());
    assertEquals("bearer", reply.json().path("token_type").asText());
    assertEquals(180, reply.json().path("expires_in").asInt());
    assertFalse(reply.json().path("access_token").asText().isEmpty());
  }

  @Test
  void tokenEndpointRefusesBadRequests() {
    assertEquals(400, tokenRequest("{\"client_id\":\"id\",\"client_secret\":\"s\",\"grant_type\":\"password\"}").status());
    assertEquals(400, tokenRequest("client_id=id").status());
    SimControl.Reply noSecret = tokenRequest("{\"client_id\":\"id\",\"grant_type\":\"client_credentials\"}");
    assertEquals(401, noSecret.status());
    assertEquals("invalid_client", noSecret.json().path("error").asText());
  }

  @Test
  void expectedCredentialsAreEnforced() {
    RunningSimulator strict = Await.result(AirtelMoneySimulator.start(testKit.system(),
        AirtelSimulatorSettings.of("127.0.0.1", 0, dataDir.resolve("strict"), Duration.ZERO)
            .withExpectedCredentials("the-id", "the-secret")));
    try {
      SimControl control = new SimControl(strict.baseUrl());
      Map<String, String> json = Map.of("Content-Type", "application/json");
      assertEquals(401, control.post("/auth/oauth2/token", json,
          "{\"client_id\":\"the-id\",\"client_secret\":\"wrong\",\"grant_type\":\"client_credentials\"}").status());
      assertEquals(200, control.post("/auth/oauth2/token", json,
          "{\"client_id\":\"the-id\",\"client_secret\":\"the-secret\",\"grant_type\":\"client_credentials\"}").status());
    } finally {
      Await.result(strict.stop());
    }
  }

  @Test
  void apiCallsWithoutAValidBearerAre401AndExecuteNothing() {
    Map<String, String> headers = apiHeaders();
    headers.put("Authorization", "Bearer forged.token.value");

    assertEquals(401, sim.post("/standard/v2/disbursements/", headers, body(id())).status());
    headers.remove("Authorization");
    assertEquals(401, sim.post("/standard/v2/disbursements/", headers, body(id())).status());
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  @Test
  void revokedTokensAre401() {
    Map<String, String> headers = apiHeaders();
    sim.revokeTokens();

    assertEquals(401, sim.post("/standard/v2/disbursements/", headers, body(id())).status());
  }

  // --- validation --------------------------------------------------------------------------------

  @Test
  void countryAndCurrencyHeadersAreRequiredAndRefusedByTheGateway() {
    Map<String, String> headers = apiHeaders();
    headers.remove("X-Country");
    SimControl.Reply reply = sim.post("/standard/v2/disbursements/", headers, body(id()));

    assertGatewayRefusal("ESB000034", reply);
    headers.put("X-Country", "ZM");
    headers.put("X-Currency", "zmw");
    assertGatewayRefusal("ESB000035", sim.post("/standard/v2/disbursements/", headers, body(id())));
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  /** Airtel's gateway refusal: HTTP 400, success:false, an ESB result_code and no response_code. */
  private static void assertGatewayRefusal(String resultCode, SimControl.Reply reply) {
    assertEquals(400, reply.status(), reply.body());
    JsonNode status = reply.json().path("status");
    assertFalse(status.path("success").asBoolean(true), reply.body());
    assertEquals(resultCode, status.path("result_code").asText(), reply.body());
    assertTrue(status.path("response_code").isMissingNode(), reply.body());
    assertEquals("400", status.path("code").asText(), reply.body());
  }

  @Test
  void invalidBodiesAre400FieldValidationErrorsWithoutAResponseCode() {
    List<String> invalid = List.of(
        "{oops",
        body(id(), "971234567", "\"150.00\""), // amount as a string
        body(id(), "971234567", "150.001"),
        body(id()).replace("B2C", "B2B"),
        body(id()).replace(PIN, ""),
        body(id()).replace(PIN, "not base64!"),
        body(id()).replace("\"reference\":\"INV-1\",", ""),
        body("x".repeat(65)),
        body("id with spaces"));

    for (String bad : invalid) {
      SimControl.Reply reply = disburse(bad);
      assertGatewayRefusal("ESB000008", reply);
      assertTrue(reply.json().path("status").path("message").asText().startsWith("Field validation error"), bad);
    }
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  @Test
  void aMsisdnOfTheWrongLengthIsRefusedByTheGateway() {
    assertGatewayRefusal("ESB000033", disburse(body(id(), "260971234567", "150.00"))); // with the country code
    assertGatewayRefusal("ESB000033", disburse(body(id(), "97123456", "150.00"))); // 8 digits
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  @Test
  void anAmountOutOfRangeIsInvalidAmountOnHttp200WithNothingCreated() {
    for (String amount : new String[] {"-1", "0", "1e20"}) {
      String id = id();
      SimControl.Reply reply = disburse(body(id, "971234567", amount));
      assertEquals(200, reply.status(), amount);
      assertEquals("DP00900001004", reply.json().path("status").path("response_code").asText(), amount);
      assertFalse(reply.json().path("status").path("success").asBoolean(true), amount);
      assertEquals(404, enquire(id).status(), "nothing was created");
    }
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  @Test
  void aCodePayeeIsAnsweredWithThatCode() {
    String refused = id();
    SimControl.Reply limit = disburse(body(refused, "979000003", "150.00"));
    assertEquals("DP00900001003", limit.json().path("status").path("response_code").asText());
    assertEquals("TF", limit.json().path("data").path("transaction").path("status").asText());
    assertEquals("DP00900001003", enquire(refused).json().path("status").path("response_code").asText());

    String stuck = id();
    assertEquals("DP00900001014", disburse(body(stuck, "979000014", "150.00")).json().path("status").path("response_code").asText());
    JsonNode enquiry = enquire(stuck).json();
    assertEquals("DP00900001014", enquiry.path("status").path("response_code").asText(), "never resolves");
    assertEquals("TA", enquiry.path("data").path("transaction").path("status").asText());

    String notCreated = id();
    assertEquals("DP00900001011", disburse(body(notCreated, "979000011", "150.00")).json().path("status").path("response_code").asText());
    assertEquals(404, enquire(notCreated).status());
    assertEquals(0, sim.executions(notCreated));
  }

  // --- disbursement and enquiry ------------------------------------------------------------------

  @Test
  void acceptedDisbursementIsTsAndARepeatIsADuplicateWithoutExecution() {
    String id = id();

    SimControl.Reply accepted = disburse(body(id));
    assertEquals(200, accepted.status());
    JsonNode transaction = accepted.json().path("data").path("transaction");
    assertEquals(id, transaction.path("id").asText());
    assertEquals("TS", transaction.path("status").asText());
    String airtelMoneyId = transaction.path("airtel_money_id").asText();
    assertFalse(airtelMoneyId.isEmpty());
    JsonNode status = accepted.json().path("status");
    assertEquals("DP00900001001", status.path("response_code").asText());
    assertTrue(status.path("success").asBoolean());
    assertEquals("200", status.path("code").asText());

    SimControl.Reply repeat = disburse(body(id));
    assertEquals(200, repeat.status(), "Airtel answers a duplicate with HTTP 200");
    assertEquals("DP00900001017", repeat.json().path("status").path("response_code").asText());
    assertFalse(repeat.json().path("status").path("success").asBoolean(true));

    SimControl.Reply enquiry = enquire(id);
    assertEquals(200, enquiry.status());
    assertEquals("TS", enquiry.json().path("data").path("transaction").path("status").asText());
    assertEquals(airtelMoneyId, enquiry.json().path("data").path("transaction").path("airtel_money_id").asText());
    assertEquals("DP00900001001", enquiry.json().path("status").path("response_code").asText());

    JsonNode strike = sim.get("/sim/strikes/" + id, Map.of()).json();
    assertEquals(1, strike.path("executions").asInt());
    assertEquals("TS", strike.path("status").asText());
    JsonNode strikes = sim.strikes();
    assertEquals("airtel-money", strikes.path("rail").asText());
    assertEquals(1, strikes.path("references").path(id).asInt());
    assertEquals(1, strikes.path("total").asInt());
  }

  @Test
  void failingPayeeIsTfWithInvalidMobileNumberOnHttp200() {
    String id = id();

    SimControl.Reply reply = disburse(body(id, "970000000", "150.00"));

    assertEquals(200, reply.status());
    assertEquals("TF", reply.json().path("data").path("transaction").path("status").asText());
    assertEquals("DP00900001012", reply.json().path("status").path("response_code").asText());
    assertFalse(reply.json().path("status").path("success").asBoolean(true));
    assertTrue(reply.json().path("data").path("transaction").path("airtel_money_id").isMissingNode());
    JsonNode enquiry = enquire(id).json();
    assertEquals("TF", enquiry.path("data").path("transaction").path("status").asText());
    assertEquals("DP00900001012", enquiry.path("status").path("response_code").asText());
    assertEquals(1, sim.executions(id), "a declined disbursement was still accepted once");
  }

  @Test
  void pendingDisbursementIsTipWithInProcessCode() {
    sim.setFaults("{\"completionDelayMs\": 600000}");
    String id = id();

    SimControl.Reply reply = disburse(body(id));

    assertEquals("TIP", reply.json().path("data").path("transaction").path("status").asText());
    assertEquals("DP00900001006", reply.json().path("status").path("response_code").asText());
    assertEquals("TIP", enquire(id).json().path("data").path("transaction").path("status").asText());
  }

  @Test
  void unknownIdIs404TransactionNotFound() {
    SimControl.Reply reply = enquire(id());

    assertEquals(404, reply.status());
    assertEquals("DP00900001015", reply.json().path("status").path("response_code").asText());
    assertFalse(reply.json().path("status").path("success").asBoolean(true));
  }

  @Test
  void enquiryNeedsTransactionTypeB2C() {
    String id = id();
    disburse(body(id));

    assertEquals(400, sim.get("/standard/v2/disbursements/" + id, apiHeaders()).status());
    assertEquals(400, sim.get("/standard/v2/disbursements/" + id + "?transactionType=B2B", apiHeaders()).status());
  }

  @Test
  void theLedgerKeepsTheExactAmountAndNeverThePin() throws IOException {
    String id = id();
    disburse(body(id, "971234567", "90071992547409.93"));

    List<String> lines = Files.readAllLines(dataDir.resolve(AirtelMoneySimulator.LEDGER_FILE), StandardCharsets.UTF_8);
    assertEquals(1, lines.size());
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertEquals("90071992547409.93", line.path("amount").asText());
    assertEquals("971234567", line.path("msisdn").asText());
    assertEquals("ZM", line.path("country").asText());
    assertEquals("ZMW", line.path("currency").asText());
    assertFalse(lines.get(0).contains(PIN), "the PIN is never written down");

    disburse(body(id(), "971234567", "150.1"));
    assertEquals("150.10", new ObjectMapper().readTree(
        Files.readAllLines(dataDir.resolve(AirtelMoneySimulator.LEDGER_FILE), StandardCharsets.UTF_8).get(1)).path("amount").asText());
  }

  @Test
  void newIdsBeyondTheBoundAreRefusedWith507() {
    for (int i = 0; i < 3; i++) assertEquals(200, disburse(body(id())).status());

    assertEquals(507, disburse(body(id())).status());
    assertEquals(3, sim.strikes().path("total").asInt());
  }

  // --- faults ------------------------------------------------------------------------------------

  @Test
  void faultsCanBeReadAndPatched() {
    JsonNode initial = sim.get("/sim/admin/faults", Map.of()).json();
    assertEquals(0, initial.path("completionDelayMs").asLong());
    assertEquals(0, initial.path("malformedResponseRate").asDouble());

    JsonNode patched = sim.setFaults("{\"failureRate5xx\": 0.5, \"latencyMs\": 10, \"malformedResponseRate\": 0.25}");
    assertEquals(0.5, patched.path("failureRate5xx").asDouble());
    assertEquals(10, patched.path("latencyMs").asLong());
    assertEquals(0.25, patched.path("malformedResponseRate").asDouble());
    assertEquals(0, patched.path("dropResponseAfterExecuteRate").asDouble());
    assertEquals(0, patched.path("ambiguousAfterExecuteRate").asDouble());
    assertEquals(0, patched.path("ambiguousEnquiryRate").asDouble());

    assertEquals(400, sim.post("/sim/admin/faults", Map.of(), "{\"failureRate5xx\": 2}").status());
    assertEquals(400, sim.post("/sim/admin/faults", Map.of(), "{\"noSuchFault\": 1}").status());
    assertEquals(400, sim.post("/sim/admin/faults", Map.of(), "{\"latencyMs\": 1.5}").status());
    assertEquals(0.5, sim.get("/sim/admin/faults", Map.of()).json().path("failureRate5xx").asDouble());
  }

  @Test
  void injected5xxAnswers500AndExecutesNothing() {
    Map<String, String> headers = apiHeaders(); // token first: faults hit the token endpoint too
    sim.setFaults("{\"failureRate5xx\": 1.0}");

    assertEquals(500, sim.post("/standard/v2/disbursements/", headers, body(id())).status());
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  @Test
  void droppedReplyIs504ButExecuted() {
    Map<String, String> headers = apiHeaders();
    sim.setFaults("{\"dropResponseAfterExecuteRate\": 1.0}");
    String id = id();

    assertEquals(504, sim.post("/standard/v2/disbursements/", headers, body(id)).status());
    assertEquals(1, sim.executions(id));
  }

  @Test
  void ambiguousReplyIsHttp200SuccessFalseButExecuted() {
    Map<String, String> headers = apiHeaders();
    sim.setFaults("{\"ambiguousAfterExecuteRate\": 1.0}");
    String id = id();

    SimControl.Reply reply = sim.post("/standard/v2/disbursements/", headers, body(id));

    assertEquals(200, reply.status());
    assertEquals("DP00900001000", reply.json().path("status").path("response_code").asText());
    assertFalse(reply.json().path("status").path("success").asBoolean(true));
    assertEquals(1, sim.executions(id));
  }

  @Test
  void malformedReplyIsBrokenJsonButExecuted() {
    Map<String, String> headers = apiHeaders();
    sim.setFaults("{\"malformedResponseRate\": 1.0}");
    String id = id();

    SimControl.Reply reply = sim.post("/standard/v2/disbursements/", headers, body(id));

    assertEquals(200, reply.status());
    assertThrows(AssertionError.class, reply::json, "not parseable: " + reply.body());
    assertEquals(1, sim.executions(id));
  }

  @Test
  void ambiguousEnquiryIsTa() {
    String id = id();
    disburse(body(id));
    sim.setFaults("{\"ambiguousEnquiryRate\": 1.0}");

    JsonNode reply = enquire(id).json();

    assertEquals("TA", reply.path("data").path("transaction").path("status").asText());
    assertEquals("DP00900001000", reply.path("status").path("response_code").asText());
  }

  @Test
  void duplicateAnswerStatusIsConfigurable() {
    RunningSimulator strict = Await.result(AirtelMoneySimulator.start(testKit.system(),
        AirtelSimulatorSettings.of("127.0.0.1", 0, dataDir.resolve("strict"), Duration.ZERO).withDuplicateHttpStatus(409)));
    try {
      SimControl control = new SimControl(strict.baseUrl());
      Map<String, String> headers = new HashMap<>(apiHeaders());
      headers.put("Authorization", "Bearer " + control.post("/auth/oauth2/token", Map.of(),
          "{\"client_id\":\"i\",\"client_secret\":\"s\",\"grant_type\":\"client_credentials\"}").json().path("access_token").asText());
      String id = id();
      assertEquals(200, control.post("/standard/v2/disbursements/", headers, body(id)).status());

      SimControl.Reply duplicate = control.post("/standard/v2/disbursements/", headers, body(id));

      assertEquals(409, duplicate.status());
      assertEquals("DP00900001017", duplicate.json().path("status").path("response_code").asText());
      assertEquals(1, control.executions(id));
    } finally {
      Await.result(strict.stop());
    }
  }
}
