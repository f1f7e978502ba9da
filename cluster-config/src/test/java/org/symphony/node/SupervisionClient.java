package org.symphony.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine;

/** The supervisor and operator APIs over real HTTP, and the node's command line in-process, as tests use them. */
final class SupervisionClient {

  private final SymphonyNode node;
  private final EdgeClient edge;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

  SupervisionClient(SymphonyNode node) {
    this.node = node;
    this.edge = new EdgeClient(node.edgeUrl());
  }

  String supervisorToken() throws Exception {
    return edge.token(node.credentials().supervisor());
  }

  String operatorToken(int which) throws Exception {
    return edge.token(node.credentials().operators().get(which));
  }

  HttpResponse<String> get(String token, String path, String accept) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(node.edgeUrl() + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode getJson(String token, String path) throws Exception {
    HttpResponse<String> r = get(token, path, "application/json");
    if (r.statusCode() != 200) throw new AssertionError(path + ": " + r.statusCode() + " " + r.body());
    return EdgeClient.JSON.readTree(r.body());
  }

  HttpResponse<String> post(String token, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(node.edgeUrl() + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A submission with a chosen X-Request-Id (a "lost-" one is swallowed by a test node's blackhole). */
  HttpResponse<String> submit(String token, String idempotencyKey, String body, String requestId) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(node.edgeUrl() + "/v1/instructions")).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).header("Idempotency-Key", idempotencyKey)
        .header("Content-Type", "application/json").header("X-Request-Id", requestId)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The participant's row of GET /supervisor/overview (missing node when the participant is not listed). */
  JsonNode overviewRow(String supervisorToken, String participantId) throws Exception {
    for (JsonNode p : getJson(supervisorToken, "/supervisor/overview").path("participants"))
      if (participantId.equals(p.path("participantId").asText())) return p;
    return EdgeClient.JSON.missingNode();
  }

  record Cli(int exit, String out) {
    JsonNode json() throws Exception {
      return EdgeClient.JSON.readTree(out);
    }
  }

  /** Runs the node's command line in this JVM, capturing what it prints. */
  static synchronized Cli run(String... args) {
    var out = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int exit = new CommandLine(new Main()).execute(args);
      return new Cli(exit, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(previous);
    }
  }

  static String scrape(String metricsUrl) throws Exception {
    var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metricsUrl)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return r.body();
  }
}
