package org.symphony.rails.mtn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.Transfers;

/** How the adapter reads every kind of MTN reply, against a scripted stub. */
class MtnMomoRailReplyMappingTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final RailKey KEY = RailKey.forInstruction("ins-mapping");

  private StubMtnServer stub;
  private MtnMomoRail rail;

  @BeforeEach
  void start() {
    stub = new StubMtnServer(testKit.system());
    rail = MtnMomoRail.create(testKit.system(), new MtnMomoSettings(
        stub.baseUrl(), "sub-key", "api-user", "api-key", "sandbox", Duration.ofSeconds(2), ""));
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private RailResult status(int httpStatus, String body) {
    stub.statusReply.set(StubMtnServer.json(httpStatus, body));
    return Await.result(rail.status(KEY));
  }

  @Test
  void dispatchSendsTheMtnRequest() throws Exception {
    RailTransfer transfer = Transfers.good();

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));

    StubMtnServer.Seen seen = stub.lastTransfer.get();
    assertEquals("/disbursement/v1_0/transfer", seen.path());
    assertEquals(transfer.railKey().value(), seen.referenceId());
    assertEquals("Bearer tok", seen.authorization());
    assertEquals("sandbox", seen.targetEnvironment());
    assertEquals("sub-key", seen.subscriptionKey());
    JsonNode body = new ObjectMapper().readTree(seen.body());
    assertEquals("150.00", body.path("amount").asText());
    assertEquals("ZMW", body.path("currency").asText());
    assertEquals(transfer.instructionId(), body.path("externalId").asText());
    assertEquals("MSISDN", body.path("payee").path("partyIdType").asText());
    assertEquals("260961234567", body.path("payee").path("partyId").asText());
    assertEquals(transfer.reference(), body.path("payerMessage").asText());
    assertEquals(transfer.reference(), body.path("payeeNote").asText());
  }

  @Test
  void theTokenIsFetchedOnceAndReused() {
    Await.result(rail.dispatch(Transfers.good()));
    Await.result(rail.dispatch(Transfers.good()));
    Await.result(rail.status(KEY));

    assertEquals(1, stub.tokenRequests.get());
  }

  @Test
  void successfulIsCompletedWithTheFinancialTransactionId() {
    assertEquals(new RailResult.Completed("1234567890"),
        status(200, "{\"status\":\"SUCCESSFUL\",\"financialTransactionId\":\"1234567890\"}"));
  }

  @Test
  void failedReasonIsReadAsObjectOrAsString() {
    assertEquals(new RailResult.Declined("NOT_ENOUGH_FUNDS", "Not enough funds"),
        status(200, "{\"status\":\"FAILED\",\"reason\":{\"code\":\"NOT_ENOUGH_FUNDS\",\"message\":\"Not enough funds\"}}"));
    assertEquals(new RailResult.Declined("APPROVAL_REJECTED", "APPROVAL_REJECTED"),
        status(200, "{\"status\":\"FAILED\",\"reason\":\"APPROVAL_REJECTED\"}"));
    assertInstanceOf(RailResult.Declined.class, status(200, "{\"status\":\"FAILED\"}"));
  }

  @Test
  void pendingIsInProgress() {
    assertEquals(new RailResult.InProgress(), status(200, "{\"status\":\"PENDING\"}"));
  }

  @Test
  void unusableStatusRepliesAreUnknown() {
    assertInstanceOf(RailResult.Unknown.class, status(200, "{not json"));
    assertInstanceOf(RailResult.Unknown.class, status(200, "[]"));
    assertInstanceOf(RailResult.Unknown.class, status(200, "{\"status\":\"SOMETHING_NEW\"}"));
    assertInstanceOf(RailResult.Unknown.class, status(500, "{}"));
    assertInstanceOf(RailResult.Unknown.class, status(503, ""));
  }

  @Test
  void notFoundOnlyWhenMtnSaysResourceNotFound() {
    assertEquals(new RailResult.NotFound(), status(404, "{\"code\":\"RESOURCE_NOT_FOUND\",\"message\":\"x\"}"));
    stub.statusReply.set(StubMtnServer.text(404, "The requested resource could not be found."));
    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.status(KEY)), "a 404 from a wrong URL proves nothing");
  }

  @Test
  void validationErrorOnDispatchIsDeclinedWithMtnsCode() {
    stub.transferReply.set(StubMtnServer.json(400, "{\"code\":\"INVALID_CURRENCY\",\"message\":\"Currency not supported.\"}"));

    assertEquals(new RailResult.Declined("INVALID_CURRENCY", "Currency not supported."),
        Await.result(rail.dispatch(Transfers.good())));
  }

  @Test
  void badRequestWithoutACodeIsUnknown() {
    stub.transferReply.set(StubMtnServer.text(400, "Bad Request"));

    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(Transfers.good())));
  }

  @Test
  void conflictOnDispatchIsAnsweredByTheStatusQuery() {
    stub.transferReply.set(StubMtnServer.json(409, "{\"code\":\"RESOURCE_ALREADY_EXIST\"}"));
    stub.statusReply.set(StubMtnServer.json(200, "{\"status\":\"SUCCESSFUL\",\"financialTransactionId\":\"42\"}"));
    assertEquals(new RailResult.Completed("42"), Await.result(rail.dispatch(Transfers.good())));

    stub.statusReply.set(StubMtnServer.json(200, "{\"status\":\"FAILED\",\"reason\":\"PAYEE_NOT_FOUND\"}"));
    assertEquals(new RailResult.Declined("PAYEE_NOT_FOUND", "PAYEE_NOT_FOUND"), Await.result(rail.dispatch(Transfers.good())));

    stub.statusReply.set(StubMtnServer.json(404, "{\"code\":\"RESOURCE_NOT_FOUND\"}"));
    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(Transfers.good())),
        "409 then not found is contradictory: never a success, failure or NotFound");
  }

  @Test
  void aPublishedRefusalAnsweredWith500IsDeclinedWithItsCode() {
    for (String code : new String[] {"NOT_ALLOWED", "NOT_ALLOWED_TARGET_ENVIRONMENT", "INVALID_CALLBACK_URL_HOST",
        "INVALID_CURRENCY", "PAYEE_NOT_FOUND", "PAYER_NOT_FOUND", "PAYEE_NOT_ALLOWED_TO_RECEIVE", "NOT_ENOUGH_FUNDS",
        "PAYER_LIMIT_REACHED"}) {
      stub.transferReply.set(StubMtnServer.json(500, "{\"code\":\"" + code + "\",\"message\":\"m\"}"));
      assertEquals(new RailResult.Declined(code, "m"), Await.result(rail.dispatch(Transfers.good())), code);
    }
  }

  @Test
  void a500WhoseCodeDoesNotProveNothingWasCreatedIsUnknown() {
    for (String code : new String[] {"INTERNAL_PROCESSING_ERROR", "SERVICE_UNAVAILABLE", "COULD_NOT_PERFORM_TRANSACTION",
        "PAYMENT_NOT_APPROVED", "APPROVAL_REJECTED", "EXPIRED", "TRANSACTION_CANCELED", "RESOURCE_NOT_FOUND",
        "SOMETHING_MTN_ADDS_LATER", ""}) {
      stub.transferReply.set(StubMtnServer.json(500, "{\"code\":\"" + code + "\",\"message\":\"m\"}"));
      assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(Transfers.good())), code);
    }
    stub.transferReply.set(StubMtnServer.text(500, "<html>upstream error</html>"));
    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(Transfers.good())));
  }

  @Test
  void aRefusalCodeOnAnotherStatusThan500IsNotBelieved() {
    for (int code : new int[] {502, 503, 504}) {
      stub.transferReply.set(StubMtnServer.json(code, "{\"code\":\"INVALID_CURRENCY\",\"message\":\"m\"}"));
      assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(Transfers.good())), "HTTP " + code);
    }
  }

  @Test
  void resourceAlreadyExistInA500IsAnsweredByTheStatusQuery() {
    stub.transferReply.set(StubMtnServer.json(500, "{\"code\":\"RESOURCE_ALREADY_EXIST\",\"message\":\"m\"}"));
    stub.statusReply.set(StubMtnServer.json(200, "{\"status\":\"SUCCESSFUL\",\"financialTransactionId\":\"7\"}"));

    assertEquals(new RailResult.Completed("7"), Await.result(rail.dispatch(Transfers.good())));
  }

  @Test
  void a500OnTheStatusQueryIsUnknownWhateverItsCode() {
    for (String code : new String[] {"INVALID_CURRENCY", "NOT_ALLOWED", "PAYEE_NOT_FOUND", "INTERNAL_PROCESSING_ERROR"})
      assertInstanceOf(RailResult.Unknown.class, status(500, "{\"code\":\"" + code + "\",\"message\":\"m\"}"), code);
  }

  @Test
  void apostrophesAreStrippedFromPayerMessageAndPayeeNote() throws Exception {
    RailTransfer good = Transfers.good();
    RailTransfer transfer = new RailTransfer(good.instructionId(), good.railKey(), good.participantId(), good.amount(),
        good.creditor(), "Mwila's rent \u2019Dec\u2019");

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));

    JsonNode body = new ObjectMapper().readTree(stub.lastTransfer.get().body());
    assertEquals("Mwilas rent Dec", body.path("payerMessage").asText());
    assertEquals("Mwilas rent Dec", body.path("payeeNote").asText());
  }

  @Test
  void longMessagesAreClippedToWholeCharactersNeverHalfAnEmoji() throws Exception {
    RailTransfer good = Transfers.good();
    String reference = "x" + "\uD83D\uDCB8".repeat(200); // cut by UTF-16 units, the 160th falls inside an emoji
    RailTransfer transfer = new RailTransfer(good.instructionId(), good.railKey(), good.participantId(), good.amount(),
        good.creditor(), reference);

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));

    String sent = new ObjectMapper().readTree(stub.lastTransfer.get().body()).path("payerMessage").asText();
    assertEquals(160, sent.codePointCount(0, sent.length()), "MTN's 160 characters");
    assertEquals(reference.substring(0, reference.offsetByCodePoints(0, 160)), sent, "a prefix of whole characters");
  }

  @Test
  void theTargetEnvironmentIsTheConfiguredOne() {
    MtnMomoRail zambia = MtnMomoRail.create(testKit.system(), rail.settings().withTargetEnvironment("mtnzambia"));

    Await.result(zambia.dispatch(Transfers.good()));

    assertEquals("mtnzambia", stub.lastTransfer.get().targetEnvironment());
  }

  @Test
  void serverErrorsOnDispatchAreUnknown() {
    for (int code : new int[] {500, 502, 503, 504}) {
      stub.transferReply.set(StubMtnServer.json(code, "{}"));
      assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(Transfers.good())), "HTTP " + code);
    }
  }

  @Test
  void persistent401RefreshesTheTokenOnceThenIsUnknown() {
    stub.transferReply.set(StubMtnServer.json(401, "{\"code\":\"UNAUTHORIZED\"}"));

    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(Transfers.good())));
    assertEquals(2, stub.tokenRequests.get());
  }

  @Test
  void tokenEndpointFailureIsUnknownAndRetriedNextCall() {
    stub.tokenReply.set(StubMtnServer.json(500, "{}"));
    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(Transfers.good())));

    stub.tokenReply.set(StubMtnServer.json(200, "{\"access_token\":\"tok2\",\"expires_in\":3600}"));
    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(Transfers.good())));
    assertEquals("Bearer tok2", stub.lastTransfer.get().authorization());
  }

  @Test
  void aRailThatNeverAnswersIsUnknownWithinTheCallTimeout() {
    stub.hang.set(true);
    MtnMomoRail impatient = MtnMomoRail.create(testKit.system(), rail.settings().withCallTimeout(Duration.ofMillis(300)));

    RailResult.Unknown dispatch = assertInstanceOf(RailResult.Unknown.class, Await.result(impatient.dispatch(Transfers.good())));
    RailResult.Unknown status = assertInstanceOf(RailResult.Unknown.class, Await.result(impatient.status(KEY)));
    assertTrue(dispatch.reason().contains("timeout"), dispatch.reason());
    assertTrue(status.reason().contains("timeout"), status.reason());
  }
}
