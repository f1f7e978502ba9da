package org.symphony.edge.http;

import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * One documented operation, e.g. {@code GET /v1/instructions/{instructionId}}. Routes are built from
 * these values, so the list the OpenAPI test compares against is the list that is actually served.
 */
public record Endpoint(String method, String pathTemplate) {

  public Endpoint {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathTemplate, "pathTemplate");
    if (HttpMethods.lookup(method).isEmpty()) throw new IllegalArgumentException("unknown method " + method);
    if (!pathTemplate.matches("^(/([A-Za-z0-9._-]+|\\{[A-Za-z][A-Za-z0-9]*\\}))+$"))
      throw new IllegalArgumentException("not a path template: " + pathTemplate);
  }

  public List<String> segments() {
    return List.of(pathTemplate.substring(1).split("/"));
  }

  /** Matches exactly this method and path; inner gets the path parameters in template order. */
  public Route route(Function<List<String>, Route> inner) {
    HttpMethod httpMethod = HttpMethods.lookup(method).orElseThrow();
    return match(segments(), 0, List.of(), params -> Directives.method(httpMethod, () -> inner.apply(params)));
  }

  private static Route match(
      List<String> segments, int index, List<String> params, Function<List<String>, Route> atEnd) {
    if (index == segments.size()) return pathEnd(() -> atEnd.apply(params));
    String segment = segments.get(index);
    if (segment.startsWith("{"))
      return pathPrefix(
          PathMatchers.segment(), value -> match(segments, index + 1, append(params, value), atEnd));
    return pathPrefix(segment, () -> match(segments, index + 1, params, atEnd));
  }

  private static List<String> append(List<String> list, String value) {
    List<String> copy = new ArrayList<>(list);
    copy.add(value);
    return List.copyOf(copy);
  }

  @Override
  public String toString() {
    return method + " " + pathTemplate;
  }
}
