package org.symphony.edge;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.reject;
import static org.apache.pekko.http.javadsl.server.Directives.withRequestTimeout;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.symphony.edge.ProblemAssertions.assertProblem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Rejections;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What no route of ours should do — throw, reject oddly, hang — still ends as problem+json. */
class SealedRoutesTest {

  private static ActorTestKit testKit;
  private ServerBinding binding;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("SealedRoutesTest");
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void bind() throws Exception {
    Route misbehaving =
        concat(
            path("throws", () -> { throw new IllegalStateException("secret internal detail"); }),
            path("validation", () -> reject(Rejections.validationRejection("value out of range"))),
            path("unauthorized-default", () -> reject(Rejections.authorizationFailed())),
            path(
                "hangs",
                () ->
                    withRequestTimeout(
                        Duration.ofMillis(200),
                        () -> onSuccess(new CompletableFuture<String>(), value -> complete(value)))));
    binding =
        EdgeServer.start(testKit.system(), EdgeSettings.fromConfig(EdgeHarness.config("")), EdgeRoutes.sealed(misbehaving))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void unbind() throws Exception {
    binding.terminate(Duration.ofSeconds(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void anExceptionIsAnInternalErrorProblemWithoutItsMessage() throws Exception {
    HttpResponse<String> response = get("/throws");

    assertProblem(response, 500, "INTERNAL_ERROR");
    assertFalse(response.body().contains("secret internal detail"));
  }

  @Test
  void rejectionsWithoutACodeOfTheirOwnStillBecomeProblems() throws Exception {
    assertProblem(get("/validation"), 400, "BAD_REQUEST");
    assertProblem(get("/unauthorized-default"), 403, "HTTP_ERROR");
  }

  @Test
  void aRequestTimeoutIsAProblem() throws Exception {
    assertProblem(get("/hangs"), 503, "REQUEST_TIMEOUT");
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path);
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
