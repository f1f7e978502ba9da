package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /ready is true only when the node has joined, its edge is bound, its database is writable and its attestation
 * writer is healthy. Management starts before the edge: while the edge's port is taken, /alive answers and /ready
 * says no, naming the edge; once the port is free the edge binds (retried with backoff) and /ready says yes.
 */
class ReadinessNodeTest {

  @TempDir Path home;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void readyIsFalseUntilTheEdgeIsBound() throws Exception {
    int managementPort = TestNodes.freePort();
    String management = "http://127.0.0.1:" + managementPort;
    CompletableFuture<SymphonyNode> started;
    try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int edgePort = squatter.getLocalPort();
      started = CompletableFuture.supplyAsync(() -> {
        try {
          return SymphonyNode.start(TestNodes.options(home)
              .withOverride("symphony.edge.port", edgePort)
              .withOverride("pekko.management.http.port", managementPort));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      // Management is up, the rest of the node too; only the edge cannot bind.
      Await.until(Duration.ofSeconds(90), () -> statusOf(management + "/alive") == 200, () -> "/alive answers");
      // Everything else is ready (joined, database writable, attestor healthy): the edge alone holds readiness back.
      Await.until(Duration.ofSeconds(60), () -> {
        var health = NodeResources.health("symphony");
        return health != null && health.databaseWritable() && health.attestorHealthy()
            && get(management + "/cluster/members").body().replace(" ", "").contains("\"status\":\"Up\"");
      }, () -> "joined, database and attestor healthy: " + get(management + "/cluster/members").body());
      HttpResponse<String> notReady = get(management + "/ready");
      assertTrue(!NodeResources.health("symphony").edgeBound(), "the edge is not bound while its port is taken");
      assertTrue(notReady.statusCode() >= 500, "not ready before the edge binds: " + notReady.statusCode() + " " + notReady.body());
      assertTrue(!started.isDone(), "the node's start waits for its edge");
    }
    // The port is free: the edge's binding, retried with backoff, succeeds; the node finishes starting and is ready.
    try (SymphonyNode node = started.get(90, java.util.concurrent.TimeUnit.SECONDS)) {
      Await.until(Duration.ofSeconds(30), () -> get(management + "/ready").statusCode() == 200,
          () -> "/ready once the edge is bound: " + get(management + "/ready").body());
      var edge = new EdgeClient(node.edgeUrl());
      String token = edge.token(node.credentials().participants().get(0));
      assertEquals(202, edge.submit(token, "after-bind", EdgeClient.body("1.00", "+260961234567", "R")).get().statusCode());
    }
  }

  /** -1 while nothing listens yet. */
  private int statusOf(String url) {
    try {
      return get(url).statusCode();
    } catch (IllegalStateException e) {
      return -1;
    }
  }

  private HttpResponse<String> get(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(url + ": " + e, e);
    }
  }
}
