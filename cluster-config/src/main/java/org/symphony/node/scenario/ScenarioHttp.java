package org.symphony.node.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** The node's participant and operator APIs and the simulators' control endpoints, as a scenario calls them. */
final class ScenarioHttp {

  static final ObjectMapper JSON = new ObjectMapper();

  private final ScenarioTarget target;
  private final ScenarioSettings settings;
  private final HttpClient http;

  ScenarioHttp(ScenarioTarget target, ScenarioSettings settings) {
    this.target = target;
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** Fails with one line naming the URL when the edge or a simulator does not answer at all. */
  void probe() throws ScenarioFailure, InterruptedException {
    probe(target.edgeUrl(), "/v1/openapi.yaml", "node");
    for (var sim : target.simulators().entrySet()) probe(sim.getValue(), "/sim/strikes", sim.getKey() + " simulator");
  }

  private void probe(String base, String path, String what) throws ScenarioFailure, InterruptedException {
    try {
      http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(settings.requestTimeout()).GET().build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException | IllegalArgumentException e) {
      throw ScenarioFailure.run(what + " not reachable at " + base + " (" + describe(e) + ")");
    }
  }

  String token(ScenarioTarget.Client client) throws ScenarioFailure, InterruptedException {
    String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(client.clientId(), StandardCharsets.UTF_8)
        + "&client_secret=" + URLEncoder.encode(client.clientSecret(), StandardCharsets.UTF_8);
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(target.edgeUrl() + "/v1/oauth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)), "token for " + client.clientId());
    if (response.statusCode() != 200)
      throw ScenarioFailure.run("token for " + client.clientId() + " refused: " + response.statusCode() + " " + problemCode(response.body()));
    try {
      return JSON.readTree(response.body()).path("access_token").asText();
    } catch (IOException e) {
      throw ScenarioFailure.run("token for " + client.clientId() + ": unreadable answer");
    }
  }

  CompletableFuture<HttpResponse<String>> submit(String token, String idempotencyKey, String body) {
    return http.sendAsync(HttpRequest.newBuilder(URI.create(target.edgeUrl() + "/v1/instructions"))
        .timeout(settings.requestTimeout())
        .header("Authorization", "Bearer " + token)
        .header("Idempotency-Key", idempotencyKey)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  CompletableFuture<HttpResponse<String>> instruction(String token, String instructionId) {
    return http.sendAsync(HttpRequest.newBuilder(URI.create(target.edgeUrl() + "/v1/instructions/" + instructionId))
        .timeout(settings.requestTimeout())
        .header("Authorization", "Bearer " + token)
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An operator API call that must answer 200. */
  JsonNode admin(String method, String path, String token, String body) throws ScenarioFailure, InterruptedException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(target.edgeUrl() + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)), method + " " + path);
    if (response.statusCode() != 200)
      throw ScenarioFailure.run(method + " " + path + " answered " + response.statusCode() + " " + problemCode(response.body()));
    return readJson(response.body(), method + " " + path);
  }

  void simulatorFaults(String rail, JsonNode faults) throws ScenarioFailure, InterruptedException {
    String url = target.simulators().get(rail) + "/sim/admin/faults";
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(faults.toString())), "faults of " + rail);
    if (response.statusCode() != 200) throw ScenarioFailure.run(url + " refused " + faults + ": " + response.statusCode() + " " + response.body());
  }

  JsonNode strikes(String rail) throws ScenarioFailure, InterruptedException {
    String url = target.simulators().get(rail) + "/sim/strikes";
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET(), "strikes of " + rail);
    if (response.statusCode() != 200) throw ScenarioFailure.run(url + " answered " + response.statusCode());
    return readJson(response.body(), url);
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String what) throws ScenarioFailure, InterruptedException {
    try {
      return http.send(request.timeout(settings.requestTimeout()).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw ScenarioFailure.run(what + ": " + describe(e));
    }
  }

  private static JsonNode readJson(String body, String what) throws ScenarioFailure {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw ScenarioFailure.run(what + ": answer is not JSON");
    }
  }

  /** The problem+json {@code code}, or "" when the body is not a problem. */
  static String problemCode(String body) {
    try {
      return JSON.readTree(body).path("code").asText("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** A failure as a reader wants it: what happened, not the exception's class. */
  static String describe(Throwable e) {
    if (e instanceof java.net.ConnectException) return "connection refused";
    if (e instanceof java.net.http.HttpTimeoutException) return "no answer in time";
    if (e instanceof java.nio.channels.UnresolvedAddressException || e instanceof java.net.UnknownHostException) return "unknown host";
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : ScenarioTarget.firstLine(message);
  }
}
