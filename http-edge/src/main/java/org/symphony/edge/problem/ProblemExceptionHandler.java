package org.symphony.edge.problem;

import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line: an exception escaping a route becomes problem+json. A 500 here is a bug — it is
 * logged with its stack trace, and the client sees only the code, never the message.
 */
public final class ProblemExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

  private ProblemExceptionHandler() {}

  public static ExceptionHandler create() {
    return ExceptionHandler.newBuilder()
        .match(
            EntityStreamSizeException.class,
            e -> Problems.complete(Problem.of(ProblemCode.BODY_TOO_LARGE, "the request body is too large")))
        .match(
            IllegalRequestException.class,
            e -> {
              int status = e.status().intValue();
              return Problems.complete(
                  Problem.of(ProblemCode.forStatus(status), status, e.info().summary()));
            })
        .matchAny(
            e -> {
              log.error("unexpected exception in a route", e);
              return Problems.complete(
                  Problem.of(ProblemCode.INTERNAL_ERROR, "an unexpected error occurred; it has been logged"));
            })
        .build();
  }
}
