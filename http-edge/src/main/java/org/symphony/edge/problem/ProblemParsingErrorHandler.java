package org.symphony.edge.problem;

import java.util.List;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Requests the HTTP parser refuses (bad request line, oversized headers or URI) never reach the routes;
 * this answers them as problem+json too. pekko instantiates it by class name (public no-arg constructor).
 */
public final class ProblemParsingErrorHandler extends ParsingErrorHandler {

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    int code = status.intValue();
    log.warning("Illegal request, responding with status {}: {}", code, info.summary());
    return ProblemJson.response(Problem.of(ProblemCode.forStatus(code), code, info.summary()), null, null, List.of());
  }
}
