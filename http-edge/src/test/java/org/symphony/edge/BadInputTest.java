package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.symphony.edge.EdgeHarness.OPERATOR_CLIENT;
import static org.symphony.edge.EdgeHarness.PARTICIPANT_CLIENT;
import static org.symphony.edge.EdgeHarness.VALID_BODY;
import static org.symphony.edge.EdgeHarness.body;
import static org.symphony.edge.ProblemAssertions.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input gets its own 4xx problem+json with a stable code, and never reaches the engine. */
class BadInputTest {

  private static ActorTestKit testKit;
  private EdgeHarness edge;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("BadInputTest");
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

  /** name, request, expected status, expected code, expected JSON Pointer (or null). */
  static Stream<Arguments> badRequests() {
    return Stream.of(
        bad("malformed JSON", e -> e.submit("k-1", "{\"amount\":"), 400, "MALFORMED_JSON", null),
        bad("empty body", e -> e.submit("k-1", ""), 400, "MALFORMED_JSON", null),
        bad("JSON array", e -> e.submit("k-1", "[1,2]"), 400, "MALFORMED_JSON", null),
        bad("trailing data", e -> e.submit("k-1", VALID_BODY + " {}"), 400, "MALFORMED_JSON", null),
        bad("duplicate key",
            e -> e.submit("k-1", "{\"amount\":{\"value\":\"1.00\",\"value\":\"9.00\",\"currency\":\"ZMW\"},"
                + "\"creditor\":{\"msisdn\":\"+260961234567\"}}"),
            400, "MALFORMED_JSON", null),
        bad("missing amount", e -> e.submit("k-1", "{\"creditor\":{\"msisdn\":\"+260961234567\"}}"),
            400, "FIELD_MISSING", "/amount"),
        bad("null amount", e -> e.submit("k-1", "{\"amount\":null,\"creditor\":{\"msisdn\":\"+260961234567\"}}"),
            400, "FIELD_MISSING", "/amount"),
        bad("missing amount.value",
            e -> e.submit("k-1", "{\"amount\":{\"currency\":\"ZMW\"},\"creditor\":{\"msisdn\":\"+260961234567\"}}"),
            400, "FIELD_MISSING", "/amount/value"),
        bad("missing amount.currency",
            e -> e.submit("k-1", "{\"amount\":{\"value\":\"1.00\"},\"creditor\":{\"msisdn\":\"+260961234567\"}}"),
            400, "FIELD_MISSING", "/amount/currency"),
        bad("missing creditor", e -> e.submit("k-1", "{\"amount\":{\"value\":\"1.00\",\"currency\":\"ZMW\"}}"),
            400, "FIELD_MISSING", "/creditor"),
        bad("missing creditor.msisdn",
            e -> e.submit("k-1", "{\"amount\":{\"value\":\"1.00\",\"currency\":\"ZMW\"},\"creditor\":{}}"),
            400, "FIELD_MISSING", "/creditor/msisdn"),
        bad("amount not an object",
            e -> e.submit("k-1", "{\"amount\":\"150.00\",\"creditor\":{\"msisdn\":\"+260961234567\"}}"),
            400, "FIELD_INVALID", "/amount"),
        bad("zero", e -> e.submit("k-1", body("0.00", "ZMW", "+260961234567")), 400, "AMOUNT_NOT_POSITIVE", "/amount/value"),
        bad("negative", e -> e.submit("k-1", body("-5.00", "ZMW", "+260961234567")), 400, "AMOUNT_NOT_POSITIVE", "/amount/value"),
        bad("too precise", e -> e.submit("k-1", body("1.001", "ZMW", "+260961234567")), 400, "AMOUNT_TOO_PRECISE", "/amount/value"),
        bad("too large", e -> e.submit("k-1", body("1000000000.01", "ZMW", "+260961234567")), 400, "AMOUNT_TOO_LARGE", "/amount/value"),
        bad("exponent", e -> e.submit("k-1", body("1e3", "ZMW", "+260961234567")), 400, "AMOUNT_INVALID", "/amount/value"),
        bad("empty amount", e -> e.submit("k-1", body("", "ZMW", "+260961234567")), 400, "AMOUNT_INVALID", "/amount/value"),
        bad("amount as JSON number",
            e -> e.submit("k-1", "{\"amount\":{\"value\":150.00,\"currency\":\"ZMW\"},\"creditor\":{\"msisdn\":\"+260961234567\"}}"),
            400, "AMOUNT_INVALID", "/amount/value"),
        bad("unknown currency", e -> e.submit("k-1", body("1.00", "EUR", "+260961234567")), 400, "CURRENCY_UNSUPPORTED", "/amount/currency"),
        bad("lower-case currency", e -> e.submit("k-1", body("1.00", "zmw", "+260961234567")), 400, "CURRENCY_UNSUPPORTED", "/amount/currency"),
        bad("national MSISDN without its trunk 0", e -> e.submit("k-1", body("1.00", "ZMW", "961234567")), 400, "MSISDN_INVALID", "/creditor/msisdn"),
        bad("short national MSISDN", e -> e.submit("k-1", body("1.00", "ZMW", "096123456")), 400, "MSISDN_INVALID", "/creditor/msisdn"),
        bad("foreign MSISDN with the international prefix", e -> e.submit("k-1", body("1.00", "ZMW", "0014155550100")), 400, "MSISDN_UNSUPPORTED_COUNTRY", "/creditor/msisdn"),
        bad("MSISDN with spaces", e -> e.submit("k-1", body("1.00", "ZMW", "+260 96 123 4567")), 400, "MSISDN_INVALID", "/creditor/msisdn"),
        bad("short Zambian MSISDN", e -> e.submit("k-1", body("1.00", "ZMW", "+26096123")), 400, "MSISDN_INVALID", "/creditor/msisdn"),
        bad("non-Zambian MSISDN", e -> e.submit("k-1", body("1.00", "ZMW", "+14155550100")), 400, "MSISDN_UNSUPPORTED_COUNTRY", "/creditor/msisdn"),
        bad("reference too long",
            e -> e.submit("k-1", withReference("x".repeat(141))), 400, "REFERENCE_INVALID", "/reference"),
        bad("reference with control character",
            e -> e.submit("k-1", withReference("INV\\u0007-42")), 400, "REFERENCE_INVALID", "/reference"),
        bad("reference with bidi override",
            e -> e.submit("k-1", withReference("INV\\u202e-42")), 400, "REFERENCE_INVALID", "/reference"),
        bad("reference not a string", e -> e.submit("k-1", VALID_BODY.replace("\"INV-42\"", "42")), 400, "REFERENCE_INVALID", "/reference"),
        bad("body over the size limit",
            e -> e.submit("k-1", VALID_BODY.replace("{\"amount\"", "{" + " ".repeat(16 * 1024) + "\"amount\"")),
            413, "BODY_TOO_LARGE", null),
        bad("wrong content type",
            e -> e.request("/v1/instructions")
                .header("Authorization", "Bearer " + e.token(PARTICIPANT_CLIENT))
                .header("Idempotency-Key", "k-1")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY))
                .build(),
            415, "UNSUPPORTED_MEDIA_TYPE", null),
        bad("no content type",
            e -> e.request("/v1/instructions")
                .header("Authorization", "Bearer " + e.token(PARTICIPANT_CLIENT))
                .header("Idempotency-Key", "k-1")
                .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY))
                .build(),
            415, "UNSUPPORTED_MEDIA_TYPE", null),
        bad("missing token", e -> e.submit(null, "k-1", VALID_BODY), 401, "TOKEN_MISSING", null),
        bad("Basic instead of Bearer",
            e -> e.request("/v1/instructions").header("Authorization", "Basic Y2xpZW50OnNlY3JldA==")
                .header("Content-Type", "application/json").header("Idempotency-Key", "k-1")
                .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY)).build(),
            401, "TOKEN_MISSING", null),
        bad("garbage token", e -> e.submit("not.a.jwt", "k-1", VALID_BODY), 401, "TOKEN_INVALID", null),
        bad("token signed by another key",
            e -> e.submit(unchecked(() -> ForgedTokens.signedByForeignKey(e, PARTICIPANT_CLIENT)), "k-1", VALID_BODY),
            401, "TOKEN_INVALID", null),
        bad("token edited after signing",
            e -> e.submit(ForgedTokens.withEditedSubject(e.token(PARTICIPANT_CLIENT), "bank-ndola-02"), "k-1", VALID_BODY),
            401, "TOKEN_INVALID", null),
        bad("alg=none token",
            e -> e.submit(ForgedTokens.unsigned(e.token(PARTICIPANT_CLIENT), e.keys.keyId()), "k-1", VALID_BODY),
            401, "TOKEN_INVALID", null),
        bad("HS256 token",
            e -> e.submit(unchecked(() -> ForgedTokens.hs256(e.token(PARTICIPANT_CLIENT), e.keys.keyId())), "k-1", VALID_BODY),
            401, "TOKEN_INVALID", null),
        bad("operator token on /v1/instructions", e -> e.submit(e.token(OPERATOR_CLIENT), "k-1", VALID_BODY), 403, "FORBIDDEN_ROLE", null),
        bad("operator token on GET instruction",
            e -> e.get("/v1/instructions/8d1c1a3e-5b7a-8f00-9a4e-0123456789ab", e.token(OPERATOR_CLIENT)),
            403, "FORBIDDEN_ROLE", null),
        bad("missing Idempotency-Key", e -> e.submit(e.token(PARTICIPANT_CLIENT), null, VALID_BODY), 400, "IDEMPOTENCY_KEY_MISSING", null),
        bad("Idempotency-Key with a space", e -> e.submit("key with space", VALID_BODY), 400, "IDEMPOTENCY_KEY_INVALID", null),
        bad("Idempotency-Key too long", e -> e.submit("k".repeat(129), VALID_BODY), 400, "IDEMPOTENCY_KEY_INVALID", null),
        bad("Idempotency-Key twice",
            e -> e.request("/v1/instructions").header("Authorization", "Bearer " + e.token(PARTICIPANT_CLIENT))
                .header("Content-Type", "application/json").header("Idempotency-Key", "k-1").header("Idempotency-Key", "k-2")
                .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY)).build(),
            400, "IDEMPOTENCY_KEY_INVALID", null),
        bad("unknown route", e -> e.get("/v1/nothing-here", null), 404, "NOT_FOUND", null),
        bad("root", e -> e.get("/", null), 404, "NOT_FOUND", null),
        bad("trailing slash", e -> e.get("/v1/instructions/", e.token(PARTICIPANT_CLIENT)), 404, "NOT_FOUND", null),
        bad("malformed instruction id",
            e -> e.get("/v1/instructions/not-an-id", e.token(PARTICIPANT_CLIENT)), 404, "INSTRUCTION_NOT_FOUND", null),
        bad("wrong method on /v1/instructions", e -> e.request("/v1/instructions").DELETE().build(), 405, "METHOD_NOT_ALLOWED", null),
        bad("GET on /v1/instructions", e -> e.get("/v1/instructions", null), 405, "METHOD_NOT_ALLOWED", null),
        bad("GET on the token endpoint", e -> e.get("/v1/oauth/token", null), 405, "METHOD_NOT_ALLOWED", null),
        bad("POST on the OpenAPI document",
            e -> e.request("/v1/openapi.yaml").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
            405, "METHOD_NOT_ALLOWED", null),
        bad("JSON to the token endpoint",
            e -> e.request("/v1/oauth/token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}")).build(),
            415, "UNSUPPORTED_MEDIA_TYPE", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void isRefusedWithItsCode(
      String name, Function<EdgeHarness, HttpRequest> request, int status, String code, String pointer)
      throws Exception {
    HttpResponse<String> response = edge.send(request.apply(edge));

    JsonNode problem = assertProblem(response, status, code);
    if (pointer != null) assertEquals(pointer, problem.path("pointer").asText(), name);
    assertEquals(0, edge.gateway.received().size(), "no request may reach the engine");
  }

  @Test
  void expiredTokenIsRefusedAsExpired() throws Exception {
    String token = edge.token(PARTICIPANT_CLIENT);
    edge.clock.advance(edge.settings.token().ttl().plus(edge.settings.token().clockSkew()));

    HttpResponse<String> response = edge.send(edge.submit(token, "k-1", VALID_BODY));

    assertProblem(response, 401, "TOKEN_EXPIRED");
    assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
  }

  @Test
  void tokenWithinClockSkewIsStillAccepted() throws Exception {
    String token = edge.token(PARTICIPANT_CLIENT);
    edge.clock.advance(edge.settings.token().ttl().plus(edge.settings.token().clockSkew()).minusSeconds(1));

    assertEquals(202, edge.send(edge.submit(token, "k-1", VALID_BODY)).statusCode());
  }

  @Test
  void missingTokenCarriesABearerChallenge() throws Exception {
    HttpResponse<String> response = edge.send(edge.submit(null, "k-1", VALID_BODY));

    assertProblem(response, 401, "TOKEN_MISSING");
    assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
  }

  @Test
  void wrongMethodNamesTheAllowedOnes() throws Exception {
    HttpResponse<String> response = edge.send(edge.request("/v1/instructions").PUT(HttpRequest.BodyPublishers.noBody()).build());

    assertProblem(response, 405, "METHOD_NOT_ALLOWED");
    assertEquals("POST", response.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void checksRunInOrderAuthThenContentTypeThenKeyThenBody() throws Exception {
    HttpRequest noTokenWrongTypeNoKeyBadBody =
        edge.request("/v1/instructions").header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("{")).build();
    assertProblem(edge.send(noTokenWrongTypeNoKeyBadBody), 401, "TOKEN_MISSING");

    HttpRequest wrongTypeNoKeyBadBody =
        edge.request("/v1/instructions").header("Authorization", "Bearer " + edge.token(PARTICIPANT_CLIENT))
            .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{")).build();
    assertProblem(edge.send(wrongTypeNoKeyBadBody), 415, "UNSUPPORTED_MEDIA_TYPE");

    String tooLarge = "{\"reference\":\"" + "x".repeat(17 * 1024) + "\"}";
    assertProblem(edge.send(edge.submit(edge.token(PARTICIPANT_CLIENT), null, tooLarge)), 413, "BODY_TOO_LARGE");

    assertProblem(edge.send(edge.submit(edge.token(PARTICIPANT_CLIENT), null, "{")), 400, "IDEMPOTENCY_KEY_MISSING");
    assertProblem(edge.send(edge.submit("k-1", "{")), 400, "MALFORMED_JSON");
    assertEquals(0, edge.gateway.received().size());
  }

  @Test
  void requestIdIsEchoedWhenWellFormedAndReplacedOtherwise() throws Exception {
    HttpResponse<String> echoed =
        edge.send(edge.request("/v1/nothing").header("X-Request-Id", "trace-123").GET().build());
    assertEquals("trace-123", echoed.headers().firstValue("X-Request-Id").orElseThrow());
    assertEquals("trace-123", ProblemAssertions.json(echoed).path("requestId").asText());

    HttpResponse<String> replaced =
        edge.send(edge.request("/v1/nothing").header("X-Request-Id", "bad id \"quoted\"").GET().build());
    String generated = replaced.headers().firstValue("X-Request-Id").orElseThrow();
    assertTrue(generated.matches("[0-9a-f-]{36}"), generated);
  }

  @Test
  void requestTheHttpParserRefusesIsStillAProblem() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", edge.port())) {
      socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      OutputStream out = socket.getOutputStream();
      out.write("GET /v1/openapi.yaml HTTP/1.1\r\nHost: edge\r\nno colon in this header\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = readResponse(socket.getInputStream());

      assertTrue(response.startsWith("HTTP/1.1 400"), response);
      assertTrue(response.toLowerCase().contains("content-type: application/problem+json"), response);
      assertTrue(response.contains("\"code\":\"BAD_REQUEST\""), response);
    }
  }

  private static String readResponse(InputStream in) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    int n;
    // The server closes the connection after a parse error; bounded by the socket timeout and size.
    while (bytes.size() < 64 * 1024 && (n = in.read(buffer)) != -1) bytes.write(buffer, 0, n);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static Arguments bad(
      String name, Function<EdgeHarness, HttpRequest> request, int status, String code, String pointer) {
    return Arguments.of(name, request, status, code, pointer);
  }

  private static String withReference(String reference) {
    return "{\"amount\":{\"value\":\"150.00\",\"currency\":\"ZMW\"},"
        + "\"creditor\":{\"msisdn\":\"+260961234567\"},\"reference\":\"" + reference + "\"}";
  }

  private interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  private static <T> T unchecked(ThrowingSupplier<T> s) {
    try {
      return s.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
