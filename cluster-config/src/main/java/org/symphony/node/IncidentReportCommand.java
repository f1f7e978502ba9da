package org.symphony.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code symphony incident-report INC-…}: the incident's report with its evidence chain, as the running node's
 * supervisor API serves it (Markdown, or JSON with --json). The node and supervisor credentials come from the node
 * home's dev.json unless given.
 */
@Command(name = "incident-report", mixinStandardHelpOptions = true,
    description = "Print an incident report (Markdown, or JSON with --json) from a running node's supervisor API.")
final class IncidentReportCommand implements Callable<Integer> {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Parameters(index = "0", description = "The incident id, e.g. INC-20261203-001.")
  String id;

  @Option(names = "--json", description = "JSON instead of Markdown.") boolean json;

  @Option(names = "--home", description = "Node home whose dev.json names the node and the supervisor's credentials.")
  Path home;

  @Option(names = "--url", description = "The node's edge URL (default: dev.json's edge_url).") String url;

  @Option(names = "--client-id", description = "Supervisor client id (default: dev.json's supervisor).") String clientId;

  @Option(names = "--client-secret", description = "Supervisor client secret (default: dev.json's supervisor).") String clientSecret;

  @Override
  public Integer call() throws Exception {
    JsonNode dev = DevCredentials.readPrevious((home != null ? home : DatabaseLocation.defaultHome()).resolve("dev.json"))
        .orElse(new ObjectMapper().createObjectNode());
    String edge = url != null ? url : dev.path("edge_url").asText("");
    String cid = clientId != null ? clientId : dev.path("supervisor").path("client_id").asText("");
    String secret = clientSecret != null ? clientSecret : dev.path("supervisor").path("client_secret").asText("");
    if (edge.isBlank() || cid.isBlank() || secret.isBlank()) {
      System.err.println("no node: give --url, --client-id and --client-secret, or --home of a running dev node");
      return 2;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    String form = "grant_type=client_credentials&client_id=" + enc(cid) + "&client_secret=" + enc(secret);
    HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(edge + "/v1/oauth/token")).timeout(TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (token.statusCode() != 200) {
      System.err.println("sign-in refused (" + token.statusCode() + "): " + token.body());
      return 2;
    }
    String bearer = new ObjectMapper().readTree(token.body()).path("access_token").asText();
    HttpResponse<String> report = http.send(HttpRequest.newBuilder(URI.create(edge + "/supervisor/incidents/" + enc(id))).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + bearer).header("Accept", json ? "application/json" : "text/markdown").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (report.statusCode() != 200) {
      System.err.println(id + ": " + report.statusCode() + " " + report.body());
      return 1;
    }
    System.out.println(report.body());
    return 0;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
