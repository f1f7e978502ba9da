package org.symphony.edge;

import static org.junit.jupiter.api.Assertions.*;
import static org.symphony.edge.EdgeHarness.OPERATOR_CLIENT;
import static org.symphony.edge.EdgeHarness.PARTICIPANT_CLIENT;
import static org.symphony.edge.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symphony.edge.auth.ApiClient;
import org.symphony.edge.auth.Role;

/**
 * GET /supervisor/dashboard: a browser (no token) gets the data-free sign-in shell under a strict CSP;
 * a request that does send a token must be a supervisor's.
 */
class DashboardRoutesTest {

  private static final String PATH = "/supervisor/dashboard";
  private static final ApiClient SUPERVISOR = new ApiClient("client-sup", "sup-carol", Role.SUPERVISOR);

  private static ActorTestKit testKit;
  private EdgeHarness edge;

  @BeforeAll
  static void startSystem() {
    testKit = TestSystems.testKit("DashboardRoutesTest");
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void startEdge() throws Exception {
    edge = EdgeHarness.start(testKit.system());
  }

  @AfterEach
  void stopEdge() throws Exception {
    edge.close();
  }

  @Test
  void withoutATokenTheSignInShellIsServedAsHtml() throws Exception {
    HttpResponse<String> response = edge.send(edge.get(PATH, null));

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("text/html; charset=UTF-8", response.headers().firstValue("Content-Type").orElse(""));
    assertTrue(response.body().contains("id=\"signin-form\""), "the sign-in form");
    assertTrue(response.headers().firstValue("X-Request-Id").isPresent());
    assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""));
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
  }

  @Test
  void thePolicyAdmitsExactlyThePagesOwnInlineScriptAndStyle() throws Exception {
    HttpResponse<String> response = edge.send(edge.get(PATH, null));
    String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();

    assertTrue(csp.startsWith("default-src 'none'"), csp);
    assertTrue(csp.contains("script-src 'sha256-" + sha256(inline("script", response.body())) + "'"), csp);
    assertTrue(csp.contains("style-src 'sha256-" + sha256(inline("style", response.body())) + "'"), csp);
    assertTrue(csp.contains("connect-src 'self'"), csp);
    assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    assertTrue(csp.contains("form-action 'none'"), csp);
    assertFalse(csp.contains("unsafe-inline"), csp);
    assertFalse(csp.contains("unsafe-eval"), csp);
  }

  @Test
  void aSupervisorTokenGetsThePage() throws Exception {
    HttpResponse<String> response = edge.send(edge.get(PATH, edge.token(SUPERVISOR)));

    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
  }

  @Test
  void anotherRolesTokenIsForbidden() throws Exception {
    assertProblem(edge.send(edge.get(PATH, edge.token(OPERATOR_CLIENT))), 403, "FORBIDDEN_ROLE");
    assertProblem(edge.send(edge.get(PATH, edge.token(PARTICIPANT_CLIENT))), 403, "FORBIDDEN_ROLE");
  }

  @Test
  void anInvalidTokenIsUnauthorized() throws Exception {
    assertProblem(edge.send(edge.get(PATH, "not-a-token")), 401, "TOKEN_INVALID");
    assertProblem(edge.send(edge.get(PATH, ForgedTokens.signedByForeignKey(edge, SUPERVISOR))), 401, "TOKEN_INVALID");
  }

  /** The text between the page's one {@code <tag>} and {@code </tag>}, which is what the browser hashes. */
  private static String inline(String tag, String html) {
    Matcher m = Pattern.compile("<" + tag + ">(.*?)</" + tag + ">", Pattern.DOTALL).matcher(html);
    assertTrue(m.find(), "an inline " + tag);
    String content = m.group(1);
    assertFalse(m.find(), "one inline " + tag);
    return content;
  }

  private static String sha256(String text) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
