package org.symphony.rails.airtel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.Transfers;

/** How the adapter reads every kind of Airtel reply, against a scripted stub. */
class AirtelMoneyRailReplyMappingTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final RailKey KEY = RailKey.forInstruction("ins-mapping");
  private static final String AIRTEL_MSISDN = "+260971234567";
  private static final String PIN = "ZW5jcnlwdGVkLXBpbg==";
  /** Stands for "any RailResult.Unknown" in the tables below. */
  private static final RailResult UNKNOWN = new RailResult.Unknown("any");

  private StubAirtelServer stub;
  private AirtelMoneyRail rail;

  @BeforeEach
  void start() {
    stub = new StubAirtelServer(testKit.system());
    rail = AirtelMoneyRail.create(testKit.system(), new AirtelMoneySettings(
        stub.baseUrl(), "client-id", "client-secret", PIN, "ZM", "ZMW",
        Duration.ofSeconds(10))); // the stub answers at once; the bound only matters on a loaded machine
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** An Airtel reply envelope; null leaves a part out. */
  static String envelope(String responseCode, Boolean success, String transactionStatus, String airtelMoneyId,
      String message) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    ObjectNode data = json.putObject("data");
    if (transactionStatus != null) {
      ObjectNode transaction = data.putObject("transaction");
      transaction.put("id", KEY.value());
      transaction.put("status", transactionStatus);
      if (airtelMoneyId != null) transaction.put("airtel_money_id", airtelMoneyId);
      if (message != null) transaction.put("message", message);
    }
    ObjectNode status = json.putObject("status");
    if (responseCode != null) status.put("response_code", responseCode);
    status.put("code", "200");
    if (success != null) status.put("success", success);
    status.put("result_code", "ESB000010");
    if (message != null) status.put("message", message);
    return json.toString();
  }

  private static RailTransfer transfer() {
    return Transfers.toWallet(AIRTEL_MSISDN);
  }

  private static RailTransfer transfer(String msisdn, Money amount) {
    String instructionId = "ins-" + UUID.randomUUID();
    return new RailTransfer(instructionId, RailKey.forInstruction(instructionId), "participant-1", amount,
        new Creditor.MobileWallet(msisdn), "INV-2024-0042");
  }

  private RailResult dispatch(int http, String body) {
    stub.disbursementReply.set(StubAirtelServer.json(http, body));
    return Await.result(rail.dispatch(transfer()));
  }

  private RailResult enquiry(int http, String body) {
    stub.enquiryReply.set(StubAirtelServer.json(http, body));
    return Await.result(rail.status(KEY));
  }

  private static void assertResult(RailResult expected, RailResult actual, String context) {
    if (expected == UNKNOWN) assertInstanceOf(RailResult.Unknown.class, actual, context);
    else assertEquals(expected, actual, context);
  }

  // --- the request ---------------------------------------------------------------------------------

  @Test
  void dispatchSendsTheAirtelRequest() throws Exception {
    RailTransfer transfer = transfer();

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));

    StubAirtelServer.Seen seen = stub.lastDisbursement.get();
    assertEquals("/standard/v2/disbursements/", seen.path());
    assertEquals("Bearer tok", seen.authorization());
    assertEquals("ZM", seen.country());
    assertEquals("ZMW", seen.currency());
    assertEquals("application/json", seen.contentType());
    JsonNode body = new ObjectMapper().readTree(seen.body());
    assertEquals("971234567", body.path("payee").path("msisdn").asText(), "9 digits, no country code");
    assertEquals("NORMAL", body.path("payee").path("wallet_type").asText());
    assertEquals(transfer.reference(), body.path("reference").asText());
    assertEquals(PIN, body.path("pin").asText());
    assertTrue(body.path("transaction").path("amount").isNumber(), "amount is a JSON number");
    assertTrue(seen.body().contains("\"amount\":150.00"), seen.body());
    assertEquals(transfer.railKey().value(), body.path("transaction").path("id").asText(), "the rail key is the id");
    assertEquals("B2C", body.path("transaction").path("type").asText());
  }

  @Test
  void aLongReferenceIsClippedToWholeCharactersNeverHalfAnEmoji() throws Exception {
    RailTransfer good = Transfers.good();
    String reference = "x" + "\uD83D\uDCB8".repeat(70); // cut by UTF-16 units, the 64th falls inside an emoji
    RailTransfer transfer = new RailTransfer(good.instructionId(), good.railKey(), good.participantId(), good.amount(),
        good.creditor(), reference);

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));

    String sent = new ObjectMapper().readTree(stub.lastDisbursement.get().body()).path("reference").asText();
    assertEquals(reference.substring(0, reference.offsetByCodePoints(0, 64)), sent, "64 whole characters");
  }

  @Test
  void amountsAreExactDecimalNumbersNeverDoubles() {
    for (long minor : new long[] {1, 10, 100, 15_000, 1_000_000_000_000_01L, 9_007_199_254_740_993L}) {
      Await.result(rail.dispatch(transfer(AIRTEL_MSISDN, new Money(minor, Currency.ZMW))));
      String expected = new Money(minor, Currency.ZMW).toDecimalString();
      assertTrue(stub.lastDisbursement.get().body().contains("\"amount\":" + expected + ","),
          expected + " in " + stub.lastDisbursement.get().body());
    }
  }

  @Test
  void tokenRequestIsJsonClientCredentials() throws Exception {
    Await.result(rail.dispatch(transfer()));

    StubAirtelServer.Seen token = stub.lastToken.get();
    assertEquals("POST", token.method());
    assertEquals("application/json", token.contentType());
    JsonNode body = new ObjectMapper().readTree(token.body());
    assertEquals("client-id", body.path("client_id").asText());
    assertEquals("client-secret", body.path("client_secret").asText());
    assertEquals("client_credentials", body.path("grant_type").asText());
  }

  @Test
  void enquiryAsksForTheRailKeyAsB2C() {
    Await.result(rail.status(KEY));

    StubAirtelServer.Seen seen = stub.lastEnquiry.get();
    assertEquals("GET", seen.method());
    assertEquals("/standard/v2/disbursements/" + KEY.value(), seen.path());
    assertEquals("transactionType=B2C", seen.query());
    assertEquals("Bearer tok", seen.authorization());
    assertEquals("ZM", seen.country());
    assertEquals("ZMW", seen.currency());
  }

  @Test
  void theTokenIsFetchedOnceAndReused() {
    Await.result(rail.dispatch(transfer()));
    Await.result(rail.dispatch(transfer()));
    Await.result(rail.status(KEY));

    assertEquals(1, stub.tokenRequests.get());
  }

  @Test
  void expiresInMayBeANumericString() {
    stub.tokenReply.set(StubAirtelServer.json(200, "{\"access_token\":\"tok\",\"expires_in\":\"180\",\"token_type\":\"bearer\"}"));

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer())));
  }

  // --- transfers the adapter refuses to send ----------------------------------------------------------

  @Test
  void transfersAirtelCannotTakeAreDeclinedWithoutCallingIt() {
    assertEquals("INVALID_MSISDN", declinedCode(transfer("+254712345678", new Money(100, Currency.ZMW))),
        "a Kenyan number on the Zambian account");
    assertEquals("INVALID_MSISDN", declinedCode(transfer("+2609712345678", new Money(100, Currency.ZMW))),
        "10 national digits");
    assertEquals("UNSUPPORTED_CURRENCY", declinedCode(transfer(AIRTEL_MSISDN, new Money(100, Currency.USD))));
    assertEquals("INVALID_AMOUNT", declinedCode(transfer(AIRTEL_MSISDN, new Money(0, Currency.ZMW))));

    assertEquals(0, stub.apiRequests.get());
    assertEquals(0, stub.tokenRequests.get());
  }

  private String declinedCode(RailTransfer transfer) {
    return assertInstanceOf(RailResult.Declined.class, Await.result(rail.dispatch(transfer))).reasonCode();
  }

  // --- every code of the table --------------------------------------------------------------------

  private record Case(int http, String code, Boolean success, String transactionStatus, RailResult expected) {}

  @Test
  void everyResponseCodeOfTheTableOnDispatch() {
    // a duplicate id is resolved by an enquiry under the same id
    stub.enquiryReply.set(StubAirtelServer.json(200, envelope("DP00900001001", true, "TS", "AM-ENQUIRED", "ok")));
    List<Case> cases = List.of(
        new Case(200, "DP00900001000", false, null, UNKNOWN),
        new Case(200, "DP00900001001", true, "TS", new RailResult.Completed("AM-1")),
        declinedOnDispatch("DP00900001003"),
        declinedOnDispatch("DP00900001004"),
        declinedOnDispatch("DP00900001005"),
        new Case(200, "DP00900001006", true, "TIP", new RailResult.InProgress()),
        declinedOnDispatch("DP00900001007"),
        declinedOnDispatch("DP00900001009"),
        declinedOnDispatch("DP00900001010"),
        new Case(200, "DP00900001011", false, null, UNKNOWN),
        declinedOnDispatch("DP00900001012"),
        declinedOnDispatch("DP00900001013"),
        new Case(200, "DP00900001014", false, null, UNKNOWN),
        new Case(200, "DP00900001015", false, null, UNKNOWN),
        declinedOnDispatch("DP00900001016"),
        new Case(200, "DP00900001017", false, null, new RailResult.Completed("AM-ENQUIRED")));
    assertEquals(publishedCodes(), cases.stream().map(Case::code).collect(Collectors.toSet()),
        "every code of the table is covered");

    for (Case c : cases) {
      String body = envelope(c.code(), c.success(), c.transactionStatus(), "AM-1", "msg " + c.code());
      assertResult(c.expected(), dispatch(c.http(), body), "dispatch answered " + c.code());
    }
  }

  @Test
  void everyResponseCodeOfTheTableOnEnquiry() {
    List<Case> cases = List.of(
        new Case(200, "DP00900001000", false, "TA", UNKNOWN),
        new Case(200, "DP00900001001", true, "TS", new RailResult.Completed("AM-1")),
        declinedOnEnquiry("DP00900001003"),
        declinedOnEnquiry("DP00900001004"),
        declinedOnEnquiry("DP00900001005"),
        new Case(200, "DP00900001006", true, "TIP", new RailResult.InProgress()),
        declinedOnEnquiry("DP00900001007"),
        declinedOnEnquiry("DP00900001009"),
        declinedOnEnquiry("DP00900001010"),
        new Case(200, "DP00900001011", false, null, UNKNOWN),
        declinedOnEnquiry("DP00900001012"),
        declinedOnEnquiry("DP00900001013"),
        new Case(200, "DP00900001014", false, null, UNKNOWN),
        new Case(404, "DP00900001015", false, null, new RailResult.NotFound()),
        declinedOnEnquiry("DP00900001016"),
        new Case(200, "DP00900001017", false, null, UNKNOWN));
    assertEquals(publishedCodes(), cases.stream().map(Case::code).collect(Collectors.toSet()),
        "every code of the table is covered");

    for (Case c : cases) {
      String body = envelope(c.code(), c.success(), c.transactionStatus(), "AM-1", "msg " + c.code());
      assertResult(c.expected(), enquiry(c.http(), body), "enquiry answered " + c.code());
    }
  }

  private static Case declinedOnDispatch(String code) {
    return new Case(200, code, false, null, new RailResult.Declined(code, "msg " + code));
  }

  private static Case declinedOnEnquiry(String code) {
    return new Case(200, code, false, "TF", new RailResult.Declined(code, "msg " + code));
  }

  private static Set<String> publishedCodes() {
    return Arrays.stream(AirtelResponseCode.values()).map(AirtelResponseCode::code).collect(Collectors.toSet());
  }

  @Test
  void theTableIsAirtelsPublishedOne() {
    // Airtel developer portal, Disbursement APIs → Error codes: 002 and 008 are not published
    assertEquals(Set.of("DP00900001000", "DP00900001001", "DP00900001003", "DP00900001004", "DP00900001005",
        "DP00900001006", "DP00900001007", "DP00900001009", "DP00900001010", "DP00900001011", "DP00900001012",
        "DP00900001013", "DP00900001014", "DP00900001015", "DP00900001016", "DP00900001017"), publishedCodes());
    assertEquals("Invalid mobile number", AirtelResponseCode.of("DP00900001012").orElseThrow().reason());
    assertEquals("Transaction Not Found", AirtelResponseCode.of("DP00900001015").orElseThrow().reason());
    assertEquals("Duplicate transaction Id", AirtelResponseCode.of("DP00900001017").orElseThrow().reason());
    assertTrue(AirtelResponseCode.of("DP00900001002").isEmpty());
    assertTrue(AirtelResponseCode.of(null).isEmpty());
  }

  // --- dispatch edge cases ------------------------------------------------------------------------

  @Test
  void acceptedWithoutTsIsInProgress() {
    assertEquals(new RailResult.InProgress(), dispatch(200, envelope("DP00900001001", true, null, null, "accepted")));
    assertEquals(new RailResult.InProgress(), dispatch(200, envelope("DP00900001001", true, "TIP", null, "accepted")));
    assertEquals(new RailResult.Completed(null), dispatch(200, envelope("DP00900001001", true, "TS", null, "done")),
        "executed even if Airtel gave no airtel_money_id");
  }

  @Test
  void theOutcomeComesFromTheResponseCodeNotTheHttpStatus() {
    assertEquals(new RailResult.Declined("DP00900001007", "Not enough funds"),
        dispatch(400, envelope("DP00900001007", false, null, null, "Not enough funds")));
    assertEquals(new RailResult.Declined("DP00900001012", "Mobile number entered is incorrect"),
        dispatch(200, envelope("DP00900001012", false, null, null, "Mobile number entered is incorrect")),
        "HTTP 200 with success:false is a decline when the code says so");
    assertInstanceOf(RailResult.Unknown.class, dispatch(200, envelope("DP00900001000", false, null, null, "ambiguous")),
        "HTTP 200 is not a success by itself");
    assertInstanceOf(RailResult.Unknown.class, dispatch(200, envelope(null, true, null, null, "SUCCESS")),
        "success:true without a response code proves nothing");
  }

  @Test
  void aDeclineWithoutAMessageUsesTheTablesDescription() {
    assertEquals(new RailResult.Declined("DP00900001003",
            "Maximum transaction limit reached: Maximum transaction limit reached for the day"),
        dispatch(200, envelope("DP00900001003", false, null, null, null)));
  }

  @Test
  void contradictoryDispatchRepliesAreUnknown() {
    assertInstanceOf(RailResult.Unknown.class, dispatch(200, envelope("DP00900001003", false, "TS", "AM-1", "x")),
        "a decline code on an executed transaction");
    assertInstanceOf(RailResult.Unknown.class, dispatch(200, envelope("DP00900001007", false, "TIP", null, "x")),
        "a decline code on a pending transaction");
    assertInstanceOf(RailResult.Unknown.class, dispatch(200, envelope("DP00900001006", true, "TS", null, "x")),
        "in process, yet executed");
    assertInstanceOf(RailResult.Unknown.class, dispatch(200, envelope("DP00900001001", true, "TF", null, "x")),
        "a success code on a failed transaction");
    assertInstanceOf(RailResult.Unknown.class, dispatch(200, envelope("DP00900001001", true, "TA", null, "x")));
  }

  @Test
  void unrecognisedCodesAreUnknown() {
    RailResult.Unknown unknown = assertInstanceOf(RailResult.Unknown.class,
        dispatch(200, envelope("DP00900001099", false, "TF", null, "new code")));
    assertTrue(unknown.reason().contains("DP00900001099"), unknown.reason());
  }

  @Test
  void serverErrorsOnDispatchAreUnknownWhateverTheBodySays() {
    for (int code : new int[] {500, 502, 503, 504}) {
      assertInstanceOf(RailResult.Unknown.class, dispatch(code, "{}"), "HTTP " + code);
      assertInstanceOf(RailResult.Unknown.class, dispatch(code, envelope("DP00900001001", true, "TS", "AM-1", "x")),
          "HTTP " + code + " claiming TS");
    }
  }

  @Test
  void malformedDispatchRepliesAreUnknownNeverAnException() {
    for (String body : new String[] {"{\"data\":{\"transaction\":{\"id\":\"x\",\"sta", "", "[]", "null", "<html/>"}) {
      RailResult.Unknown unknown = assertInstanceOf(RailResult.Unknown.class, dispatch(200, body), body);
      assertTrue(unknown.reason().contains("malformed"), unknown.reason());
    }
  }

  @Test
  void duplicateIdIsResolvedByTheEnquiry() {
    String duplicate = envelope("DP00900001017", false, null, null, "Duplicate transaction id");

    stub.enquiryReply.set(StubAirtelServer.json(200, envelope("DP00900001012", false, "TF", null, "Invalid msisdn")));
    assertEquals(new RailResult.Declined("DP00900001012", "Invalid msisdn"), dispatch(200, duplicate));

    stub.enquiryReply.set(StubAirtelServer.json(200, envelope("DP00900001006", true, "TIP", null, "In process")));
    assertEquals(new RailResult.InProgress(), dispatch(200, duplicate));

    stub.enquiryReply.set(StubAirtelServer.json(409, envelope("DP00900001001", true, "TS", "AM-7", "ok")));
    assertEquals(new RailResult.Completed("AM-7"), dispatch(409, duplicate), "read from codes, whatever the status");

    stub.enquiryReply.set(StubAirtelServer.json(404, envelope("DP00900001015", false, null, null, "not found")));
    assertInstanceOf(RailResult.Unknown.class, dispatch(200, duplicate),
        "a duplicate that the enquiry cannot find is contradictory: never a success, failure or NotFound");
  }

  @Test
  void aDuplicateIsEnquiredUnderTheSameId() {
    stub.disbursementReply.set(StubAirtelServer.json(200, envelope("DP00900001017", false, null, null, "dup")));
    stub.enquiryReply.set(StubAirtelServer.json(200, envelope("DP00900001001", true, "TS", "AM-9", "ok")));
    RailTransfer transfer = transfer();

    assertEquals(new RailResult.Completed("AM-9"), Await.result(rail.dispatch(transfer)));
    assertEquals("/standard/v2/disbursements/" + transfer.railKey().value(), stub.lastEnquiry.get().path());
  }

  // --- enquiry edge cases -------------------------------------------------------------------------

  @Test
  void enquiryStatusesAreMappedByTheTransactionStatus() {
    assertEquals(new RailResult.Completed("AM-1"), enquiry(200, envelope("DP00900001001", true, "TS", "AM-1", "ok")));
    assertEquals(new RailResult.InProgress(), enquiry(200, envelope("DP00900001006", true, "TIP", null, "in process")));
    assertEquals(new RailResult.InProgress(), enquiry(200, envelope("DP00900001006", true, null, null, "in process")));
    RailResult.Unknown ambiguous =
        assertInstanceOf(RailResult.Unknown.class, enquiry(200, envelope("DP00900001000", false, "TA", null, "?")));
    assertTrue(ambiguous.reason().contains("TA"), ambiguous.reason());
  }

  @Test
  void tfIsDeclinedWithAirtelsCodeOrTf() {
    assertEquals(new RailResult.Declined("DP00900001099", "Refused"),
        enquiry(200, envelope("DP00900001099", false, "TF", null, "Refused")),
        "TF is final even with a code outside the table");
    assertEquals(new RailResult.Declined("TF", "Refused"),
        enquiry(200, envelope("DP00900001001", true, "TF", null, "Refused")),
        "the enquiry succeeded, the transaction failed");
    assertEquals(new RailResult.Declined("TF", "no reason given"), enquiry(200, envelope(null, false, "TF", null, null)));
  }

  @Test
  void contradictoryEnquiryRepliesAreUnknown() {
    assertInstanceOf(RailResult.Unknown.class, enquiry(200, envelope("DP00900001000", false, "TS", "AM-1", "x")));
    assertInstanceOf(RailResult.Unknown.class, enquiry(200, envelope(null, true, "TS", "AM-1", "x")));
    assertInstanceOf(RailResult.Unknown.class, enquiry(200, envelope("DP00900001000", false, "TF", null, "x")));
    assertInstanceOf(RailResult.Unknown.class, enquiry(200, envelope("DP00900001014", false, "TF", null, "x")));
    assertInstanceOf(RailResult.Unknown.class, enquiry(200, envelope("DP00900001011", false, "TF", null, "x")));
    assertInstanceOf(RailResult.Unknown.class, enquiry(200, envelope("DP00900001003", false, "TIP", null, "x")));
    assertInstanceOf(RailResult.Unknown.class, enquiry(200, envelope("DP00900001001", true, "TE", null, "x")),
        "TE (expired) is a collections status, not a published disbursement one");
    assertInstanceOf(RailResult.Unknown.class, enquiry(200, envelope("DP00900001001", true, "XX", null, "x")));
  }

  @Test
  void notFoundOnlyWhenAirtelClearlySaysSo() {
    assertEquals(new RailResult.NotFound(), enquiry(404, envelope("DP00900001015", false, null, null, "not found")));
    assertEquals(new RailResult.NotFound(), enquiry(200, envelope("DP00900001015", false, null, null, "not found")),
        "Airtel's envelope with its not-found code, whether the gateway says 200 or 404");
    assertInstanceOf(RailResult.Unknown.class, enquiry(200, envelope("DP00900001015", false, "TS", "AM-1", "x")),
        "not found, yet a transaction is shown");
    assertInstanceOf(RailResult.Unknown.class, enquiry(400, envelope("DP00900001015", false, null, null, "x")),
        "any other HTTP status");
    assertInstanceOf(RailResult.Unknown.class, enquiry(404, envelope("DP00900001010", false, null, null, "not found")),
        "010 is 'user not allowed', not 'not found'");
    assertInstanceOf(RailResult.Unknown.class, enquiry(404, envelope("DP00900001000", false, null, null, "?")),
        "HTTP 404 with another code");
    stub.enquiryReply.set(StubAirtelServer.text(404, "The requested resource could not be found."));
    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.status(KEY)), "a 404 from a wrong URL proves nothing");
  }

  // --- gateway validation errors ------------------------------------------------------------------

  /** Airtel's gateway refusal: HTTP 400, no response_code, an ESB result_code. */
  private static String gatewayError(String resultCode, String message) {
    return "{\"data\":{},\"status\":{\"code\":\"400\",\"success\":false,\"result_code\":\"" + resultCode
        + "\",\"message\":\"" + message + "\"}}";
  }

  @Test
  void gatewayValidationRefusalsOnDispatchAreDeclinedWithTheirCode() {
    for (String code : new String[] {"ESB000008", "ESB000033", "ESB000034", "ESB000035", "ESB000036", "ESB000039"}) {
      assertEquals(new RailResult.Declined(code, "refused " + code), dispatch(400, gatewayError(code, "refused " + code)));
    }
  }

  @Test
  void otherGatewayErrorsAreUnknown() {
    assertInstanceOf(RailResult.Unknown.class, dispatch(400, gatewayError("ESB000001", "Something went wrong")));
    assertInstanceOf(RailResult.Unknown.class, dispatch(400, gatewayError("ESB000004", "error while initiating")));
    assertInstanceOf(RailResult.Unknown.class, dispatch(200, gatewayError("ESB000008", "validation")),
        "a validation code with HTTP 200 is not the gateway's refusal shape");
    assertInstanceOf(RailResult.Unknown.class, dispatch(403, gatewayError("ESB000008", "validation")));
    assertInstanceOf(RailResult.Unknown.class, enquiry(400, gatewayError("ESB000008", "validation")),
        "an enquiry refused says nothing about the transfer");
  }

  @Test
  void unusableEnquiryRepliesAreUnknown() {
    assertInstanceOf(RailResult.Unknown.class, enquiry(200, "{not json"));
    assertInstanceOf(RailResult.Unknown.class, enquiry(200, "[]"));
    assertInstanceOf(RailResult.Unknown.class, enquiry(200, ""));
    assertInstanceOf(RailResult.Unknown.class, enquiry(500, "{}"));
    assertInstanceOf(RailResult.Unknown.class, enquiry(503, envelope("DP00900001001", true, "TS", "AM-1", "x")));
  }

  // --- tokens and time ----------------------------------------------------------------------------

  @Test
  void a401RefreshesTheTokenOnceAndTheCallSucceeds() {
    Await.result(rail.dispatch(transfer()));
    stub.rejectedToken.set("tok");
    stub.tokenReply.set(StubAirtelServer.json(200, "{\"access_token\":\"tok2\",\"expires_in\":180,\"token_type\":\"bearer\"}"));

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer())));
    assertEquals("Bearer tok2", stub.lastDisbursement.get().authorization());
    assertEquals(2, stub.tokenRequests.get());
  }

  @Test
  void persistent401RefreshesTheTokenOnceThenIsUnknown() {
    stub.disbursementReply.set(StubAirtelServer.json(401, "{\"error\":\"invalid_token\"}"));

    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer())));
    assertEquals(2, stub.tokenRequests.get());
  }

  @Test
  void tokenEndpointFailureIsUnknownAndRetriedNextCall() {
    stub.tokenReply.set(StubAirtelServer.json(500, "{}"));
    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer())));

    stub.tokenReply.set(StubAirtelServer.json(200, "{\"access_token\":\"tok2\",\"expires_in\":180}"));
    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer())));
    assertEquals("Bearer tok2", stub.lastDisbursement.get().authorization());
  }

  @Test
  void aMalformedTokenReplyIsUnknownAndItsTextStaysOutOfTheReason() {
    stub.tokenReply.set(StubAirtelServer.json(200, "{\"access_token\":\"secret-token-abc\",\"expires_in\":1"));

    RailResult.Unknown unknown = assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer())));
    assertFalse(unknown.reason().contains("secret-token-abc"), unknown.reason());
    assertEquals(0, stub.apiRequests.get());
  }

  @Test
  void aRailThatNeverAnswersIsUnknownWithinTheCallTimeout() {
    stub.hang.set(true);
    AirtelMoneyRail impatient =
        AirtelMoneyRail.create(testKit.system(), rail.settings().withCallTimeout(Duration.ofMillis(300)));

    RailResult.Unknown dispatch = assertInstanceOf(RailResult.Unknown.class, Await.result(impatient.dispatch(transfer())));
    RailResult.Unknown status = assertInstanceOf(RailResult.Unknown.class, Await.result(impatient.status(KEY)));
    assertTrue(dispatch.reason().contains("timeout"), dispatch.reason());
    assertTrue(status.reason().contains("timeout"), status.reason());
  }

  @Test
  void theRailIdIsAirtelMoney() {
    assertEquals("airtel-money", rail.id());
  }
}
