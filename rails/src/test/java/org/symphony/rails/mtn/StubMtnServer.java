package org.symphony.rails.mtn;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;
import org.symphony.rails.testing.Await;

/** An MTN look-alike whose replies a test scripts, to reach the adapter's edge cases. */
final class StubMtnServer implements AutoCloseable {

  /** A request as the stub saw it. */
  record Seen(String method, String path, String referenceId, String authorization, String targetEnvironment,
      String subscriptionKey, String body) {}

  final AtomicReference<HttpResponse> tokenReply = new AtomicReference<>(
      json(200, "{\"access_token\":\"tok\",\"token_type\":\"access_token\",\"expires_in\":3600}"));
  final AtomicReference<HttpResponse> transferReply = new AtomicReference<>(HttpResponse.create().withStatus(202));
  final AtomicReference<HttpResponse> statusReply = new AtomicReference<>(json(200, "{\"status\":\"PENDING\"}"));
  /** When set, transfer and status requests are never answered. */
  final AtomicReference<Boolean> hang = new AtomicReference<>(false);
  final AtomicInteger tokenRequests = new AtomicInteger();
  final AtomicReference<Seen> lastTransfer = new AtomicReference<>();

  private final ServerBinding binding;
  private final Materializer materializer;

  StubMtnServer(ActorSystem<?> system) {
    this.materializer = Materializer.matFromSystem(system);
    this.binding = Await.result(Http.get(system).newServerAt("127.0.0.1", 0).bind(this::handle));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  static HttpResponse json(int status, String body) {
    return HttpResponse.create().withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, body.getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse text(int status, String body) {
    return HttpResponse.create().withStatus(status)
        .withEntity(ContentTypes.TEXT_PLAIN_UTF8, body.getBytes(StandardCharsets.UTF_8));
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request) {
    String path = request.getUri().path();
    return request.entity().toStrict(3000, materializer).thenCompose(entity -> {
      if (path.startsWith("/disbursement/token")) {
        tokenRequests.incrementAndGet();
        return CompletableFuture.completedFuture(tokenReply.get());
      }
      if (hang.get()) return new CompletableFuture<>();
      if (request.method().value().equals("POST")) {
        lastTransfer.set(new Seen("POST", path, header(request, "X-Reference-Id"), header(request, "Authorization"),
            header(request, "X-Target-Environment"), header(request, "Ocp-Apim-Subscription-Key"),
            entity.getData().utf8String()));
        return CompletableFuture.completedFuture(transferReply.get());
      }
      return CompletableFuture.completedFuture(statusReply.get());
    });
  }

  private static String header(HttpRequest request, String name) {
    return request.getHeader(name).map(h -> h.value()).orElse(null);
  }

  @Override
  public void close() {
    Await.result(binding.terminate(Duration.ofMillis(200)));
  }
}
