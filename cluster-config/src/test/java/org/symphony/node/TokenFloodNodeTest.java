package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token endpoint cannot be locked for everyone: 100 connections sending wrong secrets for random
 * client ids without pause (what a guesser does; in-process, all from 127.0.0.1 like the legitimate
 * clients) while 20 token requests of the real clients are made — every one of those is answered 200.
 * Before the fix each wrong secret cost a 0.2 s PBKDF2 on the shared pool and they were answered 503.
 */
class TokenFloodNodeTest {

  private static final int ATTACKERS = 100;
  private static final int LEGITIMATE = 20;

  @TempDir static Path home;
  private static SymphonyNode node;

  @BeforeAll
  static void start() throws Exception {
    node = SymphonyNode.start(TestNodes.options(home));
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  @Test
  void aFloodOfWrongSecretsLeavesLegitimateClientsServed() throws Exception {
    List<DevCredentials.Client> clients = new ArrayList<>(node.credentials().participants());
    clients.addAll(node.credentials().operators());
    clients.add(node.credentials().supervisor());
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
    for (DevCredentials.Client c : clients) assertEquals(200, token(http, c.clientId(), c.clientSecret()).statusCode());

    AtomicBoolean flooding = new AtomicBoolean(true);
    Map<Integer, AtomicInteger> floodStatuses = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> attackers = new ArrayList<>();
    for (int i = 0; i < ATTACKERS; i++) {
      // one HTTP client each: its own connection, as 100 attacking connections would be
      HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
      attackers.add(attack(own, flooding, floodStatuses));
    }
    Await.until(Duration.ofSeconds(60), () -> floodStatuses.values().stream().mapToInt(AtomicInteger::get).sum() >= 2 * ATTACKERS,
        () -> "the flood is running: " + floodStatuses);

    List<Integer> legitimate = new ArrayList<>();
    try {
      for (int i = 0; i < LEGITIMATE; i++) {
        DevCredentials.Client c = clients.get(i % clients.size());
        HttpResponse<String> r = token(http, c.clientId(), c.clientSecret());
        legitimate.add(r.statusCode());
      }
    } finally {
      flooding.set(false);
      CompletableFuture.allOf(attackers.toArray(CompletableFuture[]::new)).get();
    }

    assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        legitimate, "flood statuses: " + floodStatuses);
    assertTrue(floodStatuses.getOrDefault(429, new AtomicInteger()).get() > 0, "the guesser was rate limited: " + floodStatuses);
    assertEquals(0, floodStatuses.keySet().stream().filter(s -> s >= 500).count(), "no 5xx for the flood: " + floodStatuses);
  }

  private static CompletableFuture<Void> attack(HttpClient http, AtomicBoolean flooding, Map<Integer, AtomicInteger> statuses) {
    if (!flooding.get()) return CompletableFuture.completedFuture(null);
    return http.sendAsync(request("guess-" + UUID.randomUUID(), "wrong-" + UUID.randomUUID()), HttpResponse.BodyHandlers.discarding())
        .handle((r, e) -> {
          statuses.computeIfAbsent(e == null ? r.statusCode() : -1, s -> new AtomicInteger()).incrementAndGet();
          return null;
        })
        .thenCompose(ignored -> attack(http, flooding, statuses));
  }

  private static HttpResponse<String> token(HttpClient http, String clientId, String secret) throws Exception {
    return http.send(request(clientId, secret), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(String clientId, String secret) {
    return HttpRequest.newBuilder(URI.create(node.edgeUrl() + "/v1/oauth/token"))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret))
        .build();
  }
}
