package org.symphony.rails.sim.mtn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
class MtnMomoSimulatorProtocolTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String BODY =
      "{\"amount\":\"150.00\",\"currency\":\"ZMW\",\"externalId\":\"ins-1\","
          + "\"payee\":{\"partyIdType\":\"MSISDN\",\"partyId\":\"260961234567\"},"
          + "\"payerMessage\":\"INV-1\",\"payeeNote\":\"INV-1\"}";

  @TempDir Path dataDir;
  private RunningSimulator simulator;
  private SimControl sim;

  @BeforeEach
  void start() {
    simulator = Await.result(MtnMomoSimulator.start(testKit.system(),
        MtnSimulatorSettings.of("127.0.0.1", 0, dataDir, Duration.ZERO).withMaxReferences(3)));
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

  private Map<String, String> apiHeaders(String referenceId) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", "Bearer " + sim.token());
    headers.put("X-Target-Environment", "mtnzambia");
    headers.put("Ocp-Apim-Subscription-Key", "sub");
    headers.put("Content-Type", "application/json");
    if (referenceId != null) headers.put("X-Reference-Id", referenceId);
    return headers;
  }

  private SimControl.Reply postTransfer(String referenceId, String body) {
    return sim.post("/disbursement/v1_0/transfer", apiHeaders(referenceId), body);
  }

  @Test
  void tokenEndpointIssuesBearerTokens() {
    String basic = java.util.Base64.getEncoder().encodeToString("api-user:api-key".getBytes());
    SimControl.Reply reply = sim.post("/disbursement/token/",
        Map.of("Authorization", "Basic " + basic, "Ocp-Apim-Subscription-Key", "sub"), "");

    assertEquals(200, reply.status());
    assertEquals("access_token", reply.json().path("token_type").asText());
    assertEquals(3600, reply.json().path("expires_in").asInt());
    assertFalse(reply.json().path("access_token").asText().isEmpty());
  }

  @Test
  void tokenEndpointWithoutBasicCredentialsIs401() {
    assertEquals(401, sim.post("/disbursement/token/", Map.of("Ocp-Apim-Subscription-Key", "sub"), "").status());
  }

  @Test
  void transferWithoutValidBearerIs401() {
    Map<String, String> headers = apiHeaders(UUID.randomUUID().toString());
    headers.put("Authorization", "Bearer forged.token.value");

    assertEquals(401, sim.post("/disbursement/v1_0/transfer", headers, BODY).status());
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  /** MTN's "REQUEST REJECTED / BAD REQUEST" names no ErrorReason code: the simulator invents none. */
  private static void assertPlain400(SimControl.Reply reply, String what) {
    assertEquals(400, reply.status(), what);
    assertEquals("", reply.body(), what + ": no invented error code");
  }

  @Test
  void nonV4ReferenceIdIsAPlain400() {
    String version1 = "e4eaaaf2-d142-11e1-b3e4-080027620cdd";

    for (String bad : new String[] {version1, "not-a-uuid", ""}) assertPlain400(postTransfer(bad, BODY), bad);
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  @Test
  void bodiesBreakingTheSpecificationArePlain400s() {
    assertPlain400(postTransfer(UUID.randomUUID().toString(), "{oops"), "not JSON");
    assertPlain400(postTransfer(UUID.randomUUID().toString(), BODY.replace("150.00", "-1")), "negative amount");
    assertPlain400(postTransfer(UUID.randomUUID().toString(), BODY.replace("MSISDN", "IBAN")), "unknown partyIdType");
    assertPlain400(postTransfer(UUID.randomUUID().toString(), BODY.replace("\"INV-1\",\"payeeNote\"", "\"" + "x".repeat(161) + "\",\"payeeNote\"")),
        "payerMessage over 160 characters");
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  /** Each body breaks the published Transfer schema (momo/disbursement-transfer.schema.json) in one place. */
  @Test
  void bodiesFailingThePublishedTransferSchemaArePlain400sAndNothingIsExecuted() {
    Map<String, String> bad = Map.of(
        "partyIdType PHONE (not MSISDN, EMAIL, PARTY_CODE)", BODY.replace("\"MSISDN\"", "\"PHONE\""),
        "amount as a JSON number", BODY.replace("\"150.00\"", "150.00"),
        "no payee", BODY.replace("\"payee\":{\"partyIdType\":\"MSISDN\",\"partyId\":\"260961234567\"},", ""),
        "payee without partyId", BODY.replace(",\"partyId\":\"260961234567\"", ""),
        "currency as a JSON number", BODY.replace("\"ZMW\"", "967"),
        "a zero amount", BODY.replace("\"150.00\"", "\"0.00\""),
        "an amount with three decimals", BODY.replace("\"150.00\"", "\"150.001\""),
        "an amount followed by a newline", BODY.replace("\"150.00\"", "\"150.00\\n\""),
        "a JSON array instead of an object", "[" + BODY + "]");

    bad.forEach((what, body) -> assertPlain400(postTransfer(UUID.randomUUID().toString(), body), what));
    assertEquals(0, sim.strikes().path("total").asInt(), "nothing executed");
  }

  /** MTN's Transfer definition declares no additionalProperties: an unknown field is allowed, and ignored. */
  @Test
  void anUnknownFieldIsAcceptedAsThePublishedSchemaAllowsIt() {
    String reference = UUID.randomUUID().toString();

    assertEquals(202, postTransfer(reference, BODY.replace("{\"amount\"", "{\"channel\":\"web\",\"amount\"")).status());
    assertEquals(1, sim.executions(reference));
  }

  @Test
  void anApostropheInPayerMessageOrPayeeNoteIsA400AsMtnAnswersIt() {
    assertPlain400(postTransfer(UUID.randomUUID().toString(), BODY.replace("\"payerMessage\":\"INV-1\"", "\"payerMessage\":\"Mwila's rent\"")),
        "payerMessage");
    assertPlain400(postTransfer(UUID.randomUUID().toString(), BODY.replace("\"payeeNote\":\"INV-1\"", "\"payeeNote\":\"Mwila's rent\"")),
        "payeeNote");
    assertEquals(0, sim.strikes().path("total").asInt());
    assertEquals(202, postTransfer(UUID.randomUUID().toString(), BODY.replace("INV-1", "Mwilas rent")).status());
  }

  @Test
  void anotherTargetEnvironmentIs500NotAllowedTargetEnvironmentAndAMissingOneA400() {
    String reference = UUID.randomUUID().toString();
    Map<String, String> sandbox = apiHeaders(reference);
    sandbox.put("X-Target-Environment", "sandbox");

    SimControl.Reply post = sim.post("/disbursement/v1_0/transfer", sandbox, BODY);
    SimControl.Reply get = sim.get("/disbursement/v1_0/transfer/" + reference, sandbox);

    for (SimControl.Reply reply : new SimControl.Reply[] {post, get}) {
      assertEquals(500, reply.status());
      assertEquals("NOT_ALLOWED_TARGET_ENVIRONMENT", reply.json().path("code").asText());
    }
    Map<String, String> none = apiHeaders(UUID.randomUUID().toString());
    none.remove("X-Target-Environment");
    assertPlain400(sim.post("/disbursement/v1_0/transfer", none, BODY), "no X-Target-Environment");
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  @Test
  void zambiaTakesZmwOnlyAndRefusesOtherCurrenciesWith500InvalidCurrency() {
    for (String other : new String[] {"EUR", "zmw", "USD"}) {
      SimControl.Reply reply = postTransfer(UUID.randomUUID().toString(), BODY.replace("ZMW", other));
      assertEquals(500, reply.status(), other);
      assertEquals("INVALID_CURRENCY", reply.json().path("code").asText());
      assertEquals("Currency not supported.", reply.json().path("message").asText());
    }
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  @Test
  void theSandboxTakesEurOnly() {
    RunningSimulator sandbox = Await.result(MtnMomoSimulator.start(testKit.system(),
        MtnSimulatorSettings.of("127.0.0.1", 0, dataDir.resolve("sandbox"), Duration.ZERO).withTargetEnvironment("sandbox")));
    try {
      SimControl control = new SimControl(sandbox.baseUrl());
      Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer " + control.token(),
          "X-Target-Environment", "sandbox", "Ocp-Apim-Subscription-Key", "sub", "Content-Type", "application/json"));

      headers.put("X-Reference-Id", UUID.randomUUID().toString());
      SimControl.Reply zmw = control.post("/disbursement/v1_0/transfer", headers, BODY);
      assertEquals(500, zmw.status());
      assertEquals("INVALID_CURRENCY", zmw.json().path("code").asText());

      headers.put("X-Reference-Id", UUID.randomUUID().toString());
      assertEquals(202, control.post("/disbursement/v1_0/transfer", headers, BODY.replace("ZMW", "EUR")).status());
      assertEquals(1, control.strikes().path("total").asInt());
    } finally {
      Await.result(sandbox.stop());
    }
  }

  @Test
  void anUnknownEnvironmentCannotBeImpersonated() {
    assertThrows(IllegalArgumentException.class,
        () -> MtnSimulatorSettings.of("127.0.0.1", 0, dataDir, Duration.ZERO).withTargetEnvironment("mtnatlantis"));
  }

  @Test
  void aCallbackUrlOnAnotherHostIs500InvalidCallbackUrlHost() {
    Map<String, String> elsewhere = apiHeaders(UUID.randomUUID().toString());
    elsewhere.put("X-Callback-Url", "https://attacker.example/cb");

    SimControl.Reply reply = sim.post("/disbursement/v1_0/transfer", elsewhere, BODY);

    assertEquals(500, reply.status());
    assertEquals("INVALID_CALLBACK_URL_HOST", reply.json().path("code").asText());
    assertEquals(0, sim.strikes().path("total").asInt());
    Map<String, String> registered = apiHeaders(UUID.randomUUID().toString());
    registered.put("X-Callback-Url", "http://127.0.0.1:9/v1/callbacks/mtn-momo");
    assertEquals(202, sim.post("/disbursement/v1_0/transfer", registered, BODY).status());
  }

  @Test
  void aScriptedPayeeIsAnsweredWithItsErrorReasonAndNothingIsExecuted() {
    JsonNode set = sim.post("/sim/admin/refusals", Map.of(), "{\"partyId\":\"260961234567\",\"code\":\"NOT_ENOUGH_FUNDS\"}").json();
    assertEquals("NOT_ENOUGH_FUNDS", set.path("260961234567").path("code").asText());

    SimControl.Reply reply = postTransfer(UUID.randomUUID().toString(), BODY);

    assertEquals(500, reply.status());
    assertEquals("NOT_ENOUGH_FUNDS", reply.json().path("code").asText());
    assertEquals(0, sim.strikes().path("total").asInt());
    assertEquals(202, postTransfer(UUID.randomUUID().toString(), BODY.replace("260961234567", "260961111111")).status(),
        "other payees are served");
    sim.post("/sim/admin/refusals", Map.of(), "{\"partyId\":\"260961234567\",\"code\":\"SERVICE_UNAVAILABLE\"}");
    assertEquals(503, postTransfer(UUID.randomUUID().toString(), BODY).status());
    sim.post("/sim/admin/refusals", Map.of(), "{\"partyId\":\"260961234567\",\"code\":\"\"}");
    assertEquals(202, postTransfer(UUID.randomUUID().toString(), BODY).status(), "cleared");
    assertEquals(400, sim.post("/sim/admin/refusals", Map.of(), "{\"partyId\":\"1\",\"code\":\"NO_SUCH_CODE\"}").status());
  }

  @Test
  void acceptedTransferIs202ThenReadableAndARepeatIs409WithoutExecution() {
    String reference = UUID.randomUUID().toString();

    SimControl.Reply accepted = postTransfer(reference, BODY);
    assertEquals(202, accepted.status());
    assertEquals("", accepted.body());

    SimControl.Reply repeat = postTransfer(reference, BODY);
    assertEquals(409, repeat.status());
    assertEquals("RESOURCE_ALREADY_EXIST", repeat.json().path("code").asText());
    assertEquals("Duplicated reference id. Creation of resource failed.", repeat.json().path("message").asText());

    SimControl.Reply status = sim.get("/disbursement/v1_0/transfer/" + reference, apiHeaders(null));
    assertEquals(200, status.status());
    JsonNode json = status.json();
    assertEquals("SUCCESSFUL", json.path("status").asText());
    assertEquals("150.00", json.path("amount").asText());
    assertEquals("ZMW", json.path("currency").asText());
    assertEquals("ins-1", json.path("externalId").asText());
    assertEquals("260961234567", json.path("payee").path("partyId").asText());
    assertFalse(json.path("financialTransactionId").asText().isEmpty());
    assertTrue(json.path("reason").isMissingNode());

    JsonNode strike = sim.get("/sim/strikes/" + reference, Map.of()).json();
    assertEquals(1, strike.path("executions").asInt());
    assertEquals("SUCCESSFUL", strike.path("status").asText());
    JsonNode strikes = sim.strikes();
    assertEquals("mtn-momo", strikes.path("rail").asText());
    assertEquals(1, strikes.path("references").path(reference).asInt());
    assertEquals(1, strikes.path("total").asInt());
  }

  @Test
  void failedTransferCarriesAReason() {
    String reference = UUID.randomUUID().toString();
    postTransfer(reference, BODY.replace("260961234567", "260960000000"));

    JsonNode json = sim.get("/disbursement/v1_0/transfer/" + reference, apiHeaders(null)).json();

    assertEquals("FAILED", json.path("status").asText());
    assertEquals("PAYEE_NOT_FOUND", json.path("reason").path("code").asText());
    assertTrue(json.path("financialTransactionId").isMissingNode());
  }

  @Test
  void unknownReferenceIs404ResourceNotFound() {
    SimControl.Reply reply = sim.get("/disbursement/v1_0/transfer/" + UUID.randomUUID(), apiHeaders(null));

    assertEquals(404, reply.status());
    assertEquals("RESOURCE_NOT_FOUND", reply.json().path("code").asText());
  }

  @Test
  void newReferencesBeyondTheBoundAreRefusedWith507() {
    for (int i = 0; i < 3; i++) assertEquals(202, postTransfer(UUID.randomUUID().toString(), BODY).status());

    assertEquals(507, postTransfer(UUID.randomUUID().toString(), BODY).status());
    assertEquals(3, sim.strikes().path("total").asInt());
  }

  @Test
  void faultsCanBeReadAndPatched() {
    JsonNode initial = sim.get("/sim/admin/faults", Map.of()).json();
    assertEquals(0, initial.path("completionDelayMs").asLong());

    JsonNode patched = sim.setFaults("{\"failureRate5xx\": 0.5, \"latencyMs\": 10}");
    assertEquals(0.5, patched.path("failureRate5xx").asDouble());
    assertEquals(10, patched.path("latencyMs").asLong());
    assertEquals(0, patched.path("dropResponseAfterExecuteRate").asDouble());

    assertEquals(400, sim.post("/sim/admin/faults", Map.of(), "{\"failureRate5xx\": 2}").status());
    assertEquals(400, sim.post("/sim/admin/faults", Map.of(), "{\"noSuchFault\": 1}").status());
    assertEquals(0.5, sim.get("/sim/admin/faults", Map.of()).json().path("failureRate5xx").asDouble());
  }

  @Test
  void injected5xxAnswers500AndExecutesNothing() {
    Map<String, String> headers = apiHeaders(UUID.randomUUID().toString()); // token first: faults hit it too
    sim.setFaults("{\"failureRate5xx\": 1.0}");

    assertEquals(500, sim.post("/disbursement/v1_0/transfer", headers, BODY).status());
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  @Test
  void intakeDownRefusesNewTransfersWhileStatusStillAnswers() {
    String reference = UUID.randomUUID().toString();
    Map<String, String> headers = apiHeaders(reference);
    sim.setFaults("{\"intakeFailureRate\": 1.0}");

    assertEquals(500, sim.post("/disbursement/v1_0/transfer", headers, BODY).status());
    assertEquals(0, sim.strikes().path("total").asInt(), "nothing executed");
    assertEquals(404, sim.get("/disbursement/v1_0/transfer/" + reference, headers).status(), "the status API still answers: never received");
  }

  @Test
  void aPoisonPayeeGetsAnUnusableReplyOnEveryAttemptAndNothingIsExecuted() {
    String reference = UUID.randomUUID().toString();
    Map<String, String> headers = apiHeaders(reference);
    sim.setFaults("{\"poisonPayee\": \"260961234567\"}");

    for (int attempt = 0; attempt < 2; attempt++) {
      var reply = sim.post("/disbursement/v1_0/transfer", headers, BODY);
      assertEquals(200, reply.status(), "200 where 202 is due");
      assertThrows(Exception.class, () -> new com.fasterxml.jackson.databind.ObjectMapper().readTree(reply.body()), reply.body());
    }
    assertEquals(0, sim.strikes().path("total").asInt(), "nothing executed");
    assertEquals(404, sim.get("/disbursement/v1_0/transfer/" + reference, headers).status(), "never received");
    assertEquals(2, sim.get("/sim/strikes/" + reference, Map.of()).json().path("poisonReplies").asInt());

    String other = UUID.randomUUID().toString();
    assertEquals(202, sim.post("/disbursement/v1_0/transfer", apiHeaders(other), BODY.replace("260961234567", "260961234568")).status(),
        "other payees are served");
    assertEquals(400, sim.post("/sim/admin/faults", Map.of(), "{\"poisonPayee\": 5}").status());
  }
}
