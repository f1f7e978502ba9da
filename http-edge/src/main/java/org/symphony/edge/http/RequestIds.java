package org.symphony.edge.http;

import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.mapRequest;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeader;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * X-Request-Id: a caller's well-formed id is kept (so its logs and ours line up), anything else is
 * replaced by a fresh UUID. Inner routes read it from the request; every response echoes it.
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";

  // Bounded and log-safe: no spaces, quotes or control characters from the caller.
  private static final Pattern WELL_FORMED = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

  private RequestIds() {}

  /** inner gets the id too, for answers made outside the route (e.g. pekko's request-timeout response). */
  public static Route assign(Function<String, Route> inner) {
    return extractRequest(
        request -> {
          String id = fromRequest(request).orElseGet(RequestIds::fresh);
          HttpHeader header = RawHeader.create(HEADER, id);
          return mapRequest(
              r -> r.removeHeader(HEADER).addHeader(header), () -> respondWithHeader(header, () -> inner.apply(id)));
        });
  }

  /**
   * A correlation id, not a secret: a random v4-shaped UUID from the thread's own generator, because
   * UUID.randomUUID() takes one SecureRandom lock shared by every request thread.
   */
  static String fresh() {
    var random = java.util.concurrent.ThreadLocalRandom.current();
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(msb, lsb).toString();
  }

  public static Optional<String> fromRequest(HttpRequest request) {
    return request.getHeader(HEADER).map(HttpHeader::value).filter(v -> WELL_FORMED.matcher(v).matches());
  }
}
