package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Locale;

/** Asserts an RFC 9457 answer: status, content type, and the stable code in body and type URI. */
public final class ProblemAssertions {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProblemAssertions() {}

  public static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
    String where = response.request().method() + " " + response.request().uri() + " -> " + response.body();
    assertEquals(status, response.statusCode(), where);
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    assertTrue(contentType.startsWith("application/problem+json"), "content type " + contentType + " of " + where);
    JsonNode body = json(response);
    assertEquals(code, body.path("code").asText(), where);
    assertEquals(status, body.path("status").asInt(), where);
    assertEquals(
        "https://symphony.example/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-'),
        body.path("type").asText(),
        where);
    assertTrue(body.hasNonNull("title"), where);
    assertTrue(response.headers().firstValue("X-Request-Id").isPresent(), "X-Request-Id on " + where);
    return body;
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }
}
