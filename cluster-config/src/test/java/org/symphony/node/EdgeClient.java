package org.symphony.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The participant API over real HTTP, as a test (or a participant) would call it. */
final class EdgeClient {

  static final ObjectMapper JSON = new ObjectMapper();

  private final String edgeUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).version(HttpClient.Version.HTTP_1_1).build();

  EdgeClient(String edgeUrl) {
    this.edgeUrl = edgeUrl;
  }

  String token(DevCredentials.Client client) throws IOException, InterruptedException {
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(edgeUrl + "/v1/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                    "grant_type=client_credentials&client_id=" + client.clientId() + "&client_secret=" + client.clientSecret()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) throw new IllegalStateException("token: " + response.statusCode() + " " + response.body());
    return JSON.readTree(response.body()).get("access_token").asText();
  }

  static String body(String amount, String msisdn, String reference) {
    return "{\"amount\":{\"value\":\"" + amount + "\",\"currency\":\"ZMW\"},\"creditor\":{\"msisdn\":\"" + msisdn
        + "\"},\"reference\":\"" + reference + "\"}";
  }

  CompletableFuture<HttpResponse<String>> submit(String token, String idempotencyKey, String body) {
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create(edgeUrl + "/v1/instructions"))
            .timeout(Duration.ofSeconds(180)) // a burst of thousands of connections on 2 shared cores is slow to even send
            .header("Authorization", "Bearer " + token)
            .header("Idempotency-Key", idempotencyKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode get(String token, String instructionId) throws IOException, InterruptedException {
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(edgeUrl + "/v1/instructions/" + instructionId))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) throw new IllegalStateException("get: " + response.statusCode() + " " + response.body());
    return JSON.readTree(response.body());
  }

  JsonNode getJson(String url) throws IOException, InterruptedException {
    var response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }
}
