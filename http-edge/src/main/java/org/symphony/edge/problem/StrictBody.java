package org.symphony.edge.problem;

import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.mapRequest;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.symphony.edge.http.Stages;

/**
 * Reads a request body into memory, never more than maxBytes (413 BODY_TOO_LARGE, decided from
 * Content-Length before reading when it is declared) and never longer than timeout (400
 * BODY_UNREADABLE). The inner route sees the request with the strict entity.
 */
public final class StrictBody {

  private StrictBody() {}

  private sealed interface Read {}

  private record Complete(HttpEntity.Strict entity) implements Read {}

  private record TooLarge() implements Read {}

  private record Failed(Throwable error) implements Read {}

  public static Route read(long maxBytes, Duration timeout, Function<HttpEntity.Strict, Route> inner) {
    return extractRequest(
        request -> {
          RequestEntity entity = request.entity();
          OptionalLong declared = entity.getContentLengthOption();
          if (declared.isPresent() && declared.getAsLong() > maxBytes)
            return Problems.complete(tooLarge(maxBytes));
          return extractMaterializer(
              materializer -> {
                CompletionStage<Read> read =
                    entity
                        .withSizeLimit(maxBytes)
                        .toStrict(timeout.toMillis(), materializer)
                        .<Read>thenApply(Complete::new)
                        .exceptionally(StrictBody::classify);
                return onSuccess(
                    read,
                    outcome -> {
                      if (outcome instanceof Complete c)
                        return mapRequest(r -> r.withEntity(c.entity()), () -> inner.apply(c.entity()));
                      if (outcome instanceof TooLarge) return Problems.complete(tooLarge(maxBytes));
                      return Problems.complete(
                          Problem.of(ProblemCode.BODY_UNREADABLE, "the request body could not be read in time"));
                    });
              });
        });
  }

  private static Read classify(Throwable error) {
    Throwable cause = Stages.unwrap(error);
    while (cause != null) {
      if (cause instanceof EntityStreamSizeException) return new TooLarge();
      cause = cause.getCause();
    }
    return new Failed(error);
  }

  private static Problem tooLarge(long maxBytes) {
    return Problem.of(ProblemCode.BODY_TOO_LARGE, "the request body must not exceed " + maxBytes + " bytes")
        .with("maxBytes", maxBytes);
  }
}
