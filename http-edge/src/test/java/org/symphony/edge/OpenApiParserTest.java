package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.symphony.edge.openapi.OpenApiRoutes;

/** The served OpenAPI document is one a client generator can trust; and the check would notice if not. */
class OpenApiParserTest {

  private static ActorTestKit testKit;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("OpenApiParserTest");
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @Test
  void servedDocumentParsesWithoutAnyMessage() throws Exception {
    String served;
    try (EdgeHarness edge = EdgeHarness.start(testKit.system())) {
      HttpResponse<String> response = edge.send(edge.get("/v1/openapi.yaml", null));
      assertEquals(200, response.statusCode());
      served = response.body();
    }

    assertEquals(List.of(), OpenApiCheck.problems(served));
  }

  @Test
  void reportsADanglingReference() {
    String broken = replaceOnce(document(), "$ref: \"#/components/schemas/TokenResponse\"", "$ref: \"#/components/schemas/TokenRespons\"");

    List<String> problems = OpenApiCheck.problems(broken);

    // Both the parser and the walk over the raw tree see it.
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("parser: ") && p.contains("TokenRespons")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.endsWith("unresolved #/components/schemas/TokenRespons")), problems.toString());
  }

  @Test
  void reportsACommaSplitDescriptionInAFlowMapping() {
    // The bug this check was written for: YAML ends an unquoted flow scalar at the comma.
    String broken = replaceOnce(document(),
        "balance: {type: string, description: \"Decimal; debit positive, credit negative.\"}",
        "balance: {type: string, description: Decimal; debit positive, credit negative.}");

    List<String> problems = OpenApiCheck.problems(broken);

    // The parser accepts it (3.1 schemas may carry unknown keywords); the keyword check does not.
    assertTrue(problems.stream().anyMatch(p -> p.endsWith("/balance/credit negative.: not a schema keyword")), problems.toString());
  }

  private static String document() {
    return new String(OpenApiRoutes.document(), StandardCharsets.UTF_8);
  }

  /** Fails unless the text occurs exactly once, so a broken copy is really broken. */
  private static String replaceOnce(String text, String from, String to) {
    int at = text.indexOf(from);
    assertTrue(at >= 0 && at == text.lastIndexOf(from), "expected exactly one: " + from);
    return text.substring(0, at) + to + text.substring(at + from.length());
  }
}
