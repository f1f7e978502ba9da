package org.symphony.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The participant API of one node's edge, and its MTN simulator's strike ledger, over plain java.net.http. */
final class EdgeApi {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  /** An HTTP answer: status code, body and headers. */
  record Answer(int status, String body, HttpHeaders headers) {

    Answer(int status, String body) {
      this(status, body, HttpHeaders.of(java.util.Map.of(), (k, v) -> true));
    }

    /** The value of {@code name} (case-insensitive), if the answer has it. */
    java.util.Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    /** A replay of the recorded outcome of an earlier request with the same Idempotency-Key. */
    boolean replayed() {
      return header("Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false);
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
      }
    }

    @Override
    public String toString() {
      return "HTTP " + status + " " + body;
    }
  }

  private final HttpClient http;
  private final String edgeUrl;
  private final String simulatorUrl;

  EdgeApi(String edgeUrl, String simulatorUrl) {
    this.http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    this.edgeUrl = strip(edgeUrl);
    this.simulatorUrl = strip(simulatorUrl);
  }

  /** From a node's dev.json. */
  static EdgeApi of(JsonNode devJson) {
    return new EdgeApi(devJson.get("edge_url").asText(), devJson.get("mtn_simulator_url").asText());
  }

  String edgeUrl() {
    return edgeUrl;
  }

  /** Client-credentials grant → access token. */
  String token(String clientId, String clientSecret) throws IOException, InterruptedException {
    String form =
        "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
    Answer answer =
        send(
            HttpRequest.newBuilder(URI.create(edgeUrl + "/v1/oauth/token"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    if (answer.status() != 200) throw new AssertionError("token for " + clientId + ": " + answer);
    return answer.json().get("access_token").asText();
  }

  CompletableFuture<Answer> submitAsync(String token, String idempotencyKey, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(edgeUrl + "/v1/instructions"))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Idempotency-Key", idempotencyKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Answer(r.statusCode(), r.body(), r.headers()));
  }

  Answer submit(String token, String idempotencyKey, String body) {
    return submitAsync(token, idempotencyKey, body).join();
  }

  CompletableFuture<Answer> instructionAsync(String token, String instructionId) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(edgeUrl + "/v1/instructions/" + instructionId))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Answer(r.statusCode(), r.body(), r.headers()));
  }

  /** Any call on the edge with a bearer token (e.g. the operator API); body null = none. */
  Answer call(String method, String path, String token, String body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(edgeUrl + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** {@code GET /sim/strikes}: {"rail", "references": {railKey: executions}, "total"}. */
  JsonNode strikes() throws IOException, InterruptedException {
    Answer answer =
        send(HttpRequest.newBuilder(URI.create(simulatorUrl + "/sim/strikes")).timeout(REQUEST_TIMEOUT).GET().build());
    if (answer.status() != 200) throw new AssertionError("GET /sim/strikes: " + answer);
    return answer.json();
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body(), response.headers());
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
