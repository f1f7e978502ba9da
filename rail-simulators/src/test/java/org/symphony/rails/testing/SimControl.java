package org.symphony.rails.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client for tests: the simulator's /sim endpoints and raw protocol requests. */
public final class SimControl {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String baseUrl;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  public SimControl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public record Reply(int status, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  public JsonNode strikes() {
    return ok(get("/sim/strikes", Map.of())).json();
  }

  public int executions(String referenceId) {
    return ok(get("/sim/strikes/" + referenceId, Map.of())).json().path("executions").asInt(-1);
  }

  public JsonNode setFaults(String faultsJson) {
    return ok(post("/sim/admin/faults", Map.of(), faultsJson)).json();
  }

  public void revokeTokens() {
    ok(post("/sim/admin/tokens/revoke", Map.of(), ""));
  }

  /** A bearer token from the simulator's token endpoint. */
  public String token() {
    String basic = java.util.Base64.getEncoder().encodeToString("user:key".getBytes());
    Reply reply = post("/disbursement/token/",
        Map.of("Authorization", "Basic " + basic, "Ocp-Apim-Subscription-Key", "sub"), "");
    return ok(reply).json().path("access_token").asText();
  }

  public Reply get(String path, Map<String, String> headers) {
    return send(builder(path, headers).GET().build());
  }

  public Reply post(String path, Map<String, String> headers, String body) {
    return send(builder(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private HttpRequest.Builder builder(String path, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
    headers.forEach(builder::header);
    return builder;
  }

  private Reply send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new AssertionError(request + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(request + " interrupted", e);
    }
  }

  private static Reply ok(Reply reply) {
    if (reply.status() != 200) throw new AssertionError("expected 200, got " + reply.status() + ": " + reply.body());
    return reply;
  }
}
