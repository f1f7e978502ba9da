package org.symphony.rails.airtel;

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

/** An Airtel look-alike whose replies a test scripts, to reach the adapter's edge cases. */
final class StubAirtelServer implements AutoCloseable {

  /** A request as the stub saw it. */
  record Seen(String method, String path, String query, String authorization, String country, String currency,
      String contentType, String body, String signature, String key) {}

  final AtomicReference<HttpResponse> tokenReply = new AtomicReference<>(
      json(200, "{\"access_token\":\"tok\",\"expires_in\":180,\"token_type\":\"bearer\"}"));
  final AtomicReference<HttpResponse> disbursementReply = new AtomicReference<>(json(200,
      "{\"data\":{\"transaction\":{\"id\":\"x\",\"status\":\"TIP\"}},"
          + "\"status\":{\"response_code\":\"DP00900001006\",\"code\":\"200\",\"success\":true,\"message\":\"In process\"}}"));
  final AtomicReference<HttpResponse> enquiryReply = new AtomicReference<>(json(200,
      "{\"data\":{\"transaction\":{\"id\":\"x\",\"status\":\"TIP\"}},"
          + "\"status\":{\"response_code\":\"DP00900001006\",\"code\":\"200\",\"success\":true,\"message\":\"In process\"}}"));
  /** API calls presenting this bearer token are answered 401. */
  final AtomicReference<String> rejectedToken = new AtomicReference<>("");
  /** When set, disbursement and enquiry requests are never answered. */
  final AtomicReference<Boolean> hang = new AtomicReference<>(false);
  final AtomicInteger tokenRequests = new AtomicInteger();
  final AtomicInteger apiRequests = new AtomicInteger();
  final AtomicReference<Seen> lastToken = new AtomicReference<>();
  final AtomicReference<Seen> lastDisbursement = new AtomicReference<>();
  final AtomicReference<Seen> lastEnquiry = new AtomicReference<>();

  private final ServerBinding binding;
  private final Materializer materializer;

  StubAirtelServer(ActorSystem<?> system) {
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
      Seen seen = new Seen(request.method().value(), path, request.getUri().rawQueryString().orElse(""),
          header(request, "Authorization"), header(request, "X-Country"), header(request, "X-Currency"),
          request.entity().getContentType().toString(), entity.getData().utf8String(),
          header(request, "x-signature"), header(request, "x-key"));
      if (path.equals("/auth/oauth2/token")) {
        tokenRequests.incrementAndGet();
        lastToken.set(seen);
        return CompletableFuture.completedFuture(tokenReply.get());
      }
      apiRequests.incrementAndGet();
      if (("Bearer " + rejectedToken.get()).equals(seen.authorization()))
        return CompletableFuture.completedFuture(json(401, "{\"error\":\"invalid_token\"}"));
      if (hang.get()) return new CompletableFuture<>();
      if (seen.method().equals("POST")) {
        lastDisbursement.set(seen);
        return CompletableFuture.completedFuture(disbursementReply.get());
      }
      lastEnquiry.set(seen);
      return CompletableFuture.completedFuture(enquiryReply.get());
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
