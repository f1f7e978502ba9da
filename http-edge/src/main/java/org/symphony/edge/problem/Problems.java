package org.symphony.edge.problem;

import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.symphony.edge.http.RequestIds;

/** Routes that answer with a problem: instance = the request path, requestId = X-Request-Id. */
public final class Problems {

  private Problems() {}

  public static Route complete(Problem problem, HttpHeader... headers) {
    return complete(problem, List.of(headers));
  }

  public static Route complete(Problem problem, List<HttpHeader> headers) {
    return extractRequest(
        request ->
            extractMaterializer(
                materializer -> {
                  // An unread body would otherwise stall or close the connection.
                  request.discardEntityBytes(materializer);
                  return Directives.complete(
                      ProblemJson.response(
                          problem,
                          request.getUri().path(),
                          RequestIds.fromRequest(request).orElse(null),
                          headers));
                }));
  }

  /** Whole seconds, at least 1: a Retry-After of 0 invites a retry storm. */
  public static HttpHeader retryAfter(Duration delay) {
    long seconds = Math.max(1, (delay.toMillis() + 999) / 1000);
    return RetryAfter.create(seconds);
  }
}
