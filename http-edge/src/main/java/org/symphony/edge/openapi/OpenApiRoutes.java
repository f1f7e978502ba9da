package org.symphony.edge.openapi;

import static org.apache.pekko.http.javadsl.server.Directives.complete;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.Route;
import org.symphony.edge.http.Endpoint;

/** {@code GET /v1/openapi.yaml}: the OpenAPI 3.1 description of the participant API, served as written. */
public final class OpenApiRoutes {

  public static final Endpoint DOCUMENT = new Endpoint("GET", "/v1/openapi.yaml");
  public static final String RESOURCE = "/org/symphony/edge/openapi/openapi.yaml";
  public static final ContentType YAML =
      MediaTypes.applicationWithOpenCharset("yaml").toContentType(HttpCharsets.UTF_8);

  private OpenApiRoutes() {}

  /** Read once at start-up; a build without the document fails here, not at the first request. */
  public static Map<Endpoint, Function<List<String>, Route>> operations() {
    byte[] document = document();
    HttpResponse response = HttpResponse.create().withStatus(200).withEntity(YAML, document);
    return Map.of(DOCUMENT, params -> complete(response));
  }

  public static byte[] document() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
