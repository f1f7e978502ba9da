package org.symphony.rails.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.symphony.engine.rail.Rail;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.CircuitBreakingRail;
import org.symphony.rails.testing.Await;

/**
 * A request the node refuses for want of a connection (ConnectionSlots) never reached the rail, so it says nothing
 * about the rail: it is "not asked", not an answer that tells nothing, and it must not open the rail's circuit breaker. In the
 * recovery run of RESULTS.md (15) such refusals opened both breakers three times and held every instruction of
 * those rails for 10 s each time. A pool of one connection and a few waiting places, and a rail that answers
 * slowly, make the refusals here.
 */
class PoolRefusalTest {

  private static final int CALLS = 40;

  private final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseString("symphony.rails.http-pool { max-connections = 1, max-open-requests = 4 }")
          .withFallback(ConfigFactory.load()));

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aRequestThePoolRefusesIsNotAskedAndLeavesTheCircuitClosed() {
    ServerBinding slowRail = Await.result(
        Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(PoolRefusalTest::answerAfterAMoment));
    BoundedHttp http = new BoundedHttp(testKit.system());
    String url = "http://127.0.0.1:" + slowRail.localAddress().getPort() + "/status";
    Duration timeout = Duration.ofSeconds(30);
    Rail overHttp = new Rail() {
      public String id() { return "slow"; }
      public CompletionStage<RailResult> dispatch(RailTransfer t) { return status(t.railKey()); }
      public CompletionStage<RailResult> status(RailKey key) {
        return BoundedRailCall.within("slow", "status", timeout, testKit.system(),
            () -> http.send(HttpRequest.GET(url), timeout).thenApply(reply -> new RailResult.InProgress()));
      }
    };
    var rail = new CircuitBreakingRail(testKit.system(), overHttp, new CircuitBreakingRail.Settings(3, timeout, Duration.ofMinutes(1)));

    List<CompletableFuture<RailResult>> calls = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) calls.add(rail.status(RailKey.forInstruction("i" + i)).toCompletableFuture());
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

    Map<String, Integer> outcomes = new TreeMap<>();
    calls.forEach(c -> outcomes.merge(c.join().getClass().getSimpleName(), 1, Integer::sum));
    assertTrue(outcomes.getOrDefault("NotAsked", 0) > 0, "the small pool refused some requests: " + outcomes);
    assertEquals(CALLS, outcomes.getOrDefault("NotAsked", 0) + outcomes.getOrDefault("InProgress", 0),
        "each call was either answered by the rail or not asked, never Unknown: " + outcomes);
    assertTrue(rail.isClosed(), "refusals by the node's own pool leave the rail's circuit closed: " + outcomes);
    calls.stream().map(CompletableFuture::join).filter(RailResult.NotAsked.class::isInstance).findFirst()
        .ifPresent(r -> assertTrue(((RailResult.NotAsked) r).reason().contains("not sent"), r.toString()));
  }

  @Test
  void aCallThatWaitsLongerThanItsWaitForAConnectionIsNotSentAndNotAskedRatherThanTimedOut() {
    var kit = ActorTestKit.create(
        ConfigFactory.parseString("symphony.rails.http-pool { max-connections = 1, max-open-requests = 8, max-wait = 200ms }")
            .withFallback(ConfigFactory.load()));
    try {
      var received = new java.util.concurrent.atomic.AtomicInteger();
      ServerBinding slowRail = Await.result(Http.get(kit.system()).newServerAt("127.0.0.1", 0).bind((org.apache.pekko.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>>) request -> {
        received.incrementAndGet();
        CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS)
            .execute(() -> answer.complete(HttpResponse.create().withStatus(200)));
        return answer;
      }));
      BoundedHttp http = new BoundedHttp(kit.system());
      String url = "http://127.0.0.1:" + slowRail.localAddress().getPort() + "/status";
      Duration timeout = Duration.ofSeconds(30);
      List<CompletableFuture<RailResult>> calls = new ArrayList<>();
      for (int i = 0; i < 3; i++)
        calls.add(BoundedRailCall.within("slow", "status", timeout, kit.system(),
            () -> http.send(HttpRequest.GET(url), timeout).thenApply(reply -> (RailResult) new RailResult.InProgress()))
            .toCompletableFuture());
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

      assertInstanceOf(RailResult.InProgress.class, calls.get(0).join(), "the first call held the connection");
      for (int i = 1; i < 3; i++) {
        var notAsked = assertInstanceOf(RailResult.NotAsked.class, calls.get(i).join());
        assertTrue(notAsked.reason().contains("no connection free within 200 ms"), notAsked.reason());
      }
      assertEquals(1, received.get(), "the calls that gave up waiting never reached the rail");
    } finally {
      kit.shutdownTestKit();
    }
  }

  private static CompletionStage<HttpResponse> answerAfterAMoment(HttpRequest request) {
    CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
    CompletableFuture.delayedExecutor(100, java.util.concurrent.TimeUnit.MILLISECONDS)
        .execute(() -> answer.complete(HttpResponse.create().withStatus(200)));
    return answer;
  }
}
