package org.symphony.edge.supervisor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The policy names every inline block by hash, and a page with any other script cannot be served. */
class DashboardPageTest {

  private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
  private static final Pattern ANY_SCRIPT = Pattern.compile("<script\\b", Pattern.CASE_INSENSITIVE);

  @Test
  void eachInlineBlockIsNamedByItsHash() {
    // sha256("") and sha256("x"), base64
    assertEquals(
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' 'sha256-LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE='",
        DashboardPage.hashes("<script></script><p></p><script>x</script>", SCRIPT, ANY_SCRIPT));
  }

  @Test
  void aScriptWithAttributesOrNoInlineScriptAtAllIsRefused() {
    assertThrows(IllegalStateException.class,
        () -> DashboardPage.hashes("<script>x</script><script src=\"https://cdn.example/x.js\"></script>", SCRIPT, ANY_SCRIPT));
    assertThrows(IllegalStateException.class, () -> DashboardPage.hashes("<p>no script</p>", SCRIPT, ANY_SCRIPT));
  }

  @Test
  void theServedPageLoadsWithAPolicyWithoutUnsafeInline() {
    DashboardPage page = DashboardPage.load();
    assertTrue(page.contentSecurityPolicy().contains("script-src 'sha256-"), page.contentSecurityPolicy());
    assertFalse(page.contentSecurityPolicy().contains("unsafe"), page.contentSecurityPolicy());
  }
}
