package org.symphony.rails.rtgs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.stream.Materializer;
import org.symphony.rails.testing.Await;

/** An RTGS look-alike whose replies a test scripts, to reach the adapter's edge cases. */
final class StubRtgsServer implements AutoCloseable {

  /** A request as the stub saw it. */
  record Seen(String method, String path, String contentType, String body) {}

  final AtomicReference<HttpResponse> submitReply = new AtomicReference<>(xml(202, "<nothing-scripted/>"));
  final AtomicReference<HttpResponse> statusReply = new AtomicReference<>(xml(500, "<nothing-scripted/>"));
  /** When set, no request is ever answered. */
  final AtomicBoolean hang = new AtomicBoolean(false);
  final AtomicInteger submits = new AtomicInteger();
  final AtomicInteger statusRequests = new AtomicInteger();
  final AtomicReference<Seen> lastSubmit = new AtomicReference<>();
  final AtomicReference<Seen> lastStatusRequest = new AtomicReference<>();

  private final ServerBinding binding;
  private final Materializer materializer;

  StubRtgsServer(ActorSystem<?> system) {
    this.materializer = Materializer.matFromSystem(system);
    this.binding = Await.result(Http.get(system).newServerAt("127.0.0.1", 0).bind(this::handle));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  static HttpResponse xml(int status, String body) {
    return HttpResponse.create().withStatus(status)
        .withEntity(ContentTypes.create(MediaTypes.APPLICATION_XML, HttpCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse text(int status, String body) {
    return HttpResponse.create().withStatus(status)
        .withEntity(ContentTypes.TEXT_PLAIN_UTF8, body.getBytes(StandardCharsets.UTF_8));
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request) {
    String path = request.getUri().path();
    return request.entity().toStrict(3000, materializer).thenCompose(entity -> {
      if (hang.get()) return new CompletableFuture<>();
      Seen seen = new Seen(request.method().value(), path, request.entity().getContentType().toString(),
          entity.getData().utf8String());
      if (!path.endsWith("pacs.028")) {
        submits.incrementAndGet();
        lastSubmit.set(seen);
        return CompletableFuture.completedFuture(submitReply.get());
      }
      statusRequests.incrementAndGet();
      lastStatusRequest.set(seen);
      return CompletableFuture.completedFuture(statusReply.get());
    });
  }

  @Override
  public void close() {
    Await.result(binding.terminate(Duration.ofMillis(200)));
  }
}
