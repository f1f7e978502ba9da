package org.symphony.rails.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.symphony.rails.testing.Await;

/**
 * A restart resumes thousands of open instructions at once, and each calls its rail. The adapter must hold such a
 * burst until connections free up: a request refused for want of a waiting place is a retry, and before
 * PoolRefusalTest's fix it was an answer that counted against the rail's circuit breaker (the recovery run of
 * RESULTS.md (14) opened both breakers three times). Time here is generous; what is asserted is that nothing was
 * refused.
 */
class BoundedHttpBurstTest {

  /** Above the 1,024 requests the pool used to hold, far below what the configured pool holds. */
  private static final int BURST = 3000;

  /** The configured sizes, with time to wait for a connection longer than the burst takes (max-wait: PoolRefusalTest). */
  private final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseString("symphony.rails.http-pool.max-wait = 1m").withFallback(ConfigFactory.load()));

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aBurstLargerThanTheConnectionsWaitsForThemInsteadOfBeingRefused() {
    ServerBinding rail = Await.result(
        Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(BoundedHttpBurstTest::answerAfterAMoment));
    BoundedHttp http = new BoundedHttp(testKit.system());
    String url = "http://127.0.0.1:" + rail.localAddress().getPort() + "/status";

    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < BURST; i++)
      calls.add(http.send(HttpRequest.GET(url), Duration.ofMinutes(2))
          .handle((reply, error) -> error == null ? "HTTP " + reply.status() : error.getClass().getSimpleName())
          .toCompletableFuture());
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

    Map<String, Integer> outcomes = new ConcurrentHashMap<>();
    calls.forEach(c -> outcomes.merge(c.join(), 1, Integer::sum));
    assertEquals(Map.of("HTTP 200", BURST), outcomes, "every call of the burst answered by the rail");
  }

  @Test
  void thePoolSizesComeFromConfigurationAndPekkoHttpAcceptsThem() {
    var sizes = ConfigFactory.load().getConfig(BoundedHttp.POOL);
    assertTrue(sizes.getInt("max-open-requests") >= BURST);
    assertEquals(0, Integer.bitCount(sizes.getInt("max-open-requests")) - 1, "pekko-http needs a power of two");
    new BoundedHttp(testKit.system()); // pekko-http validates the settings here
  }

  private static CompletionStage<HttpResponse> answerAfterAMoment(HttpRequest request) {
    CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
    CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS)
        .execute(() -> answer.complete(HttpResponse.create().withStatus(200)));
    return answer;
  }
}
