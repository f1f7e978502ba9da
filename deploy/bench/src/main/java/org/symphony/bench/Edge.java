package org.symphony.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The participant API over real HTTP with real JWTs from the token endpoint. */
final class Edge {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  /** Answers by HTTP status, for the report. */
  final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

  Edge(String url) {
    this.url = url;
  }

  String token(String clientId, String clientSecret) throws Exception {
    var response = http.send(
        HttpRequest.newBuilder(URI.create(url + "/v1/oauth/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8) + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) throw new IllegalStateException("token: " + response.statusCode() + " " + response.body());
    return JSON.readTree(response.body()).get("access_token").asText();
  }

  /**
   * Fails unless this edge takes the token: a look-up of an instruction that does not exist must be answered
   * as anything but 401/403 (it is a 404 or a 400 problem; it writes nothing).
   */
  void requireAuthorised(String token) throws Exception {
    var response = http.send(
        HttpRequest.newBuilder(URI.create(url + "/v1/instructions/bench-token-check"))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 401 || response.statusCode() == 403)
      throw new IllegalStateException("edge " + url + " refuses node 1's token: " + response.statusCode() + " " + response.body());
  }

  /** A payment of 1.00 ZMW; creditors alternate between MTN MoMo (+26096) and Airtel Money (+26097). */
  static String body(long keySeq) {
    String prefix = keySeq % 2 == 0 ? "+26096" : "+26097";
    String msisdn = prefix + String.format("%07d", (keySeq % 999_999) * 10 + 1); // never ...0000 (declined payee)
    return "{\"amount\":{\"value\":\"1.00\",\"currency\":\"ZMW\"},\"creditor\":{\"msisdn\":\"" + msisdn + "\"},\"reference\":\"B-" + keySeq + "\"}";
  }

  CompletableFuture<OpenLoad.Outcome> submit(String token, String idempotencyKey, String body) {
    return http.sendAsync(
            HttpRequest.newBuilder(URI.create(url + "/v1/instructions"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .handle((response, error) -> {
          int status = error != null ? -1 : response.statusCode();
          statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
          return switch (status) {
            case 202 -> OpenLoad.Outcome.ACCEPTED;
            case 200 -> OpenLoad.Outcome.REPLAYED;
            case 503, 429 -> OpenLoad.Outcome.REFUSED;
            default -> OpenLoad.Outcome.ERROR;
          };
        });
  }

  /** PATCH a simulator's faults (latency, completion delay, 5xx rate) at runtime. */
  void simulatorFaults(String simulatorUrl, String json) throws Exception {
    var response = http.send(
        HttpRequest.newBuilder(URI.create(simulatorUrl + "/sim/admin/faults"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2)
      throw new IllegalStateException("faults " + simulatorUrl + ": " + response.statusCode() + " " + response.body());
  }

  static String get(String url) throws Exception {
    HttpClient c = HttpClient.newHttpClient();
    var response = c.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) throw new IllegalStateException(url + ": " + response.statusCode());
    return response.body();
  }
}
