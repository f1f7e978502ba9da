package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.edge.http.Endpoint;
import org.symphony.edge.problem.ProblemCode;

/** The served OpenAPI document describes exactly the served routes and exactly the problem codes. */
class OpenApiInStepTest {

  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  private static ActorTestKit testKit;
  private EdgeHarness edge;
  private JsonNode document;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("OpenApiInStepTest");
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void startEdge() throws Exception {
    edge = EdgeHarness.start(testKit.system());
    HttpResponse<String> response = edge.send(edge.get("/v1/openapi.yaml", null));
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"));
    document = new YAMLMapper().readTree(response.body());
  }

  @AfterEach
  void stopEdge() throws Exception {
    edge.close();
  }

  @Test
  void isOpenApi31() {
    assertTrue(document.path("openapi").asText().startsWith("3.1"), document.path("openapi").asText());
  }

  @Test
  void documentsExactlyTheServedOperations() {
    Set<String> documented = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties())
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties())
        if (HTTP_METHODS.contains(operation.getKey()))
          documented.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
    Set<String> served = EdgeRoutes.ROUTES.stream().map(Endpoint::toString).collect(Collectors.toCollection(TreeSet::new));

    assertEquals(served, documented);
  }

  @Test
  void documentsExactlyTheProblemCodes() {
    Set<String> documented = new TreeSet<>();
    document.path("components").path("schemas").path("ProblemCode").path("enum").forEach(c -> documented.add(c.asText()));
    Set<String> defined = Arrays.stream(ProblemCode.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));

    assertEquals(defined, documented);
  }

  @Test
  void everyListedOperationIsRoutedWithItsMethodOnly() throws Exception {
    for (Endpoint e : EdgeRoutes.ROUTES) {
      String path = e.pathTemplate().replaceAll("\\{[^}]+}", "8d1c1a3e-5b7a-8f00-9a4e-0123456789ab");
      HttpResponse<String> right =
          edge.send(edge.request(path).method(e.method(), HttpRequest.BodyPublishers.noBody()).build());
      HttpResponse<String> wrong =
          edge.send(edge.request(path).method("PATCH", HttpRequest.BodyPublishers.noBody()).build());

      assertNotEquals(404, right.statusCode(), e + " -> " + right.body());
      assertNotEquals(405, right.statusCode(), e + " -> " + right.body());
      ProblemAssertions.assertProblem(wrong, 405, "METHOD_NOT_ALLOWED");
      Set<String> allowed = EdgeRoutes.ROUTES.stream().filter(o -> o.pathTemplate().equals(e.pathTemplate()))
          .map(Endpoint::method).collect(Collectors.toSet());
      assertEquals(allowed, Set.of(wrong.headers().firstValue("Allow").orElse("").split(",\\s*")), e.toString());
    }
  }
}
