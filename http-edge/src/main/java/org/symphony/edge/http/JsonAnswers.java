package org.symphony.edge.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;
import org.symphony.edge.problem.Problems;
import org.symphony.edge.problem.StrictBody;

/** What the operator and supervisor routes share: JSON object bodies in, JSON answers out, bounded list limits. */
public final class JsonAnswers {

  private JsonAnswers() {}

  /** The body, read strictly (bounded size and time), as a JSON object; anything else is 400 MALFORMED_JSON. */
  public static Route object(long maxBytes, Duration readTimeout, Function<JsonNode, Route> inner) {
    return optionalObject(maxBytes, readTimeout, json -> json.isPresent()
        ? inner.apply(json.get())
        : Problems.complete(Problem.of(ProblemCode.MALFORMED_JSON, "the body must be a JSON object")));
  }

  /** As {@link #object}, but an empty body is allowed (and given as empty). */
  public static Route optionalObject(long maxBytes, Duration readTimeout, Function<Optional<JsonNode>, Route> inner) {
    return StrictBody.read(maxBytes, readTimeout, entity -> {
      byte[] bytes = entity.getData().toArray();
      if (bytes.length == 0) return inner.apply(Optional.empty());
      Optional<JsonNode> json = Json.parse(bytes).filter(JsonNode::isObject);
      if (json.isEmpty()) return Problems.complete(Problem.of(ProblemCode.MALFORMED_JSON, "the body must be a JSON object"));
      return inner.apply(json);
    });
  }

  public static Route json(int status, JsonNode body) {
    return complete(HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, Json.bytes(body)));
  }

  public static Route json(JsonNode body) {
    return json(200, body);
  }

  /** A ?limit= value in 1..max, or empty when it is not one. */
  public static Optional<Integer> limit(String text, int max) {
    try {
      int n = Integer.parseInt(text);
      return n >= 1 && n <= max ? Optional.of(n) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
