package org.symphony.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.symphony.edge.supervisor.DashboardPage;

/**
 * The supervision API as p11-contract.md describes it, with canned answers, serving the real dashboard
 * page with its real headers: the page's rendering is tested against the contract without the
 * reconciliation backend. Records every request, to show the page only reads.
 */
final class SupervisorApiStub implements AutoCloseable {

  static final String CLIENT_ID = "supervisor";
  static final String CLIENT_SECRET = "stub-secret";
  private static final String TOKEN = "stub-access-token";

  /** The overview's JSON; null answers 404 NOT_FOUND, as a node without the route would. */
  final AtomicReference<String> overview = new AtomicReference<>();
  /** participantId → the JSON of GET /supervisor/incidents?participant=… */
  final Map<String, String> incidents = new java.util.concurrent.ConcurrentHashMap<>();
  /** incident id → {markdown, json} */
  final Map<String, List<String>> reports = new java.util.concurrent.ConcurrentHashMap<>();
  /** "METHOD /path?query" of every request, in order. */
  final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile boolean tokenExpired;

  private final DashboardPage page = DashboardPage.load();
  private final HttpServer server;

  SupervisorApiStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
  }

  /** From now on the token is refused, as when it expires. */
  void expireToken() {
    tokenExpired = true;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getRawQuery();
      requests.add(method + " " + path + (query == null ? "" : "?" + query));
      if (method.equals("GET") && path.equals("/supervisor/dashboard")) {
        page.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        send(exchange, 200, "text/html; charset=UTF-8", new String(page.html(), StandardCharsets.UTF_8));
      } else if (method.equals("POST") && path.equals("/v1/oauth/token")) {
        token(exchange);
      } else if (method.equals("GET") && path.startsWith("/supervisor/")) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null) problem(exchange, 401, "TOKEN_MISSING", "send Authorization: Bearer <access token>");
        else if (!auth.equals("Bearer " + TOKEN) || tokenExpired)
          problem(exchange, 401, "TOKEN_EXPIRED", "the access token expired at 2026-12-03T10:05:00Z");
        else read(exchange, path, query);
      } else {
        problem(exchange, 404, "NOT_FOUND", "no such resource");
      }
    }
  }

  private void token(HttpExchange exchange) throws IOException {
    Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded"))
      problem(exchange, 415, "UNSUPPORTED_MEDIA_TYPE", "send a form");
    else if (!"client_credentials".equals(form.get("grant_type")))
      problem(exchange, 400, "UNSUPPORTED_GRANT_TYPE", "grant_type must be client_credentials");
    else if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret")))
      problem(exchange, 401, "INVALID_CLIENT", "client authentication failed");
    else
      send(exchange, 200, "application/json",
          "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":900,\"scope\":\"supervisor:read\"}");
  }

  private void read(HttpExchange exchange, String path, String query) throws IOException {
    if (path.equals("/supervisor/overview")) {
      String body = overview.get();
      if (body == null) problem(exchange, 404, "NOT_FOUND", "The requested resource could not be found.");
      else send(exchange, 200, "application/json", body);
    } else if (path.equals("/supervisor/incidents")) {
      String participant = form(query == null ? "" : query).get("participant");
      send(exchange, 200, "application/json", incidents.getOrDefault(participant, "{\"incidents\":[]}"));
    } else if (path.startsWith("/supervisor/incidents/")) {
      List<String> report = reports.get(path.substring("/supervisor/incidents/".length()));
      String accept = exchange.getRequestHeaders().getFirst("Accept");
      if (report == null) problem(exchange, 404, "INCIDENT_NOT_FOUND", "no incident with this id");
      else if (accept != null && accept.contains("text/markdown")) send(exchange, 200, "text/markdown; charset=UTF-8", report.get(0));
      else send(exchange, 200, "application/json", report.get(1));
    } else {
      problem(exchange, 404, "NOT_FOUND", "The requested resource could not be found.");
    }
  }

  private static void problem(HttpExchange exchange, int status, String code, String detail) throws IOException {
    String type = "https://symphony.example/problems/" + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    send(exchange, status, "application/problem+json",
        "{\"type\":\"" + type + "\",\"title\":\"" + code + "\",\"status\":" + status + ",\"code\":\"" + code
            + "\",\"detail\":\"" + detail + "\"}");
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> values = new HashMap<>();
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
