package org.symphony.edge.problem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.symphony.edge.http.Json;

/** Renders a {@link Problem} as an {@code application/problem+json} response. */
public final class ProblemJson {

  public static final MediaType.WithFixedCharset MEDIA_TYPE =
      MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8);
  public static final ContentType.WithFixedCharset CONTENT_TYPE = MEDIA_TYPE.toContentType();

  private ProblemJson() {}

  /** instance and requestId may be null (then omitted). */
  public static HttpResponse response(
      Problem problem, String instance, String requestId, List<HttpHeader> headers) {
    return HttpResponse.create()
        .withStatus(problem.status())
        .addHeaders(headers)
        .withEntity(CONTENT_TYPE, Json.bytes(body(problem, instance, requestId)));
  }

  public static ObjectNode body(Problem problem, String instance, String requestId) {
    ObjectNode json = Json.object();
    json.put("type", problem.type());
    json.put("title", problem.title());
    json.put("status", problem.status());
    if (problem.detail() != null) json.put("detail", problem.detail());
    json.put("code", problem.code());
    if (instance != null) json.put("instance", instance);
    if (requestId != null) json.put("requestId", requestId);
    for (Map.Entry<String, Object> member : problem.extensions().entrySet())
      json.set(member.getKey(), Json.tree(member.getValue()));
    return json;
  }

  public static boolean isProblem(ContentType contentType) {
    return contentType.mediaType().mainType().equals("application")
        && contentType.mediaType().subType().equals("problem+json");
  }
}
