package org.symphony.edge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.Route;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;
import org.symphony.edge.problem.Problems;

/** The {@code {"reason": "..."}} every operator change carries: 1-500 characters once stripped, recorded with it. */
final class OperatorReason {

  static final int MAX_CHARS = 500;

  private OperatorReason() {}

  static Optional<String> of(JsonNode json) {
    JsonNode reason = json.get("reason");
    if (reason == null || !reason.isTextual()) return Optional.empty();
    String text = reason.textValue().strip();
    return text.isEmpty() || text.length() > MAX_CHARS ? Optional.empty() : Optional.of(text);
  }

  /** 400 FIELD_MISSING. */
  static Route missing() {
    return Problems.complete(Problem.of(ProblemCode.FIELD_MISSING, "reason (1-" + MAX_CHARS + " characters) is required"));
  }

  /** {@code inner} with the body's reason, or 400 FIELD_MISSING without one. */
  static Route required(JsonNode json, Function<String, Route> inner) {
    return of(json).map(inner).orElseGet(OperatorReason::missing);
  }
}
