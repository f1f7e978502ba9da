package org.symphony.edge.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The regulator dashboard: one self-contained HTML file (inline style and script, no other asset) and
 * the headers it is served with. The Content-Security-Policy allows exactly the inline blocks of this
 * file by their SHA-256, computed from the served bytes, so an edit of the page can never be left
 * with a stale policy, and no other script (injected or loaded) runs.
 */
public final class DashboardPage {

  public static final String RESOURCE = "/org/symphony/edge/supervisor/dashboard.html";

  private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
  private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);
  /** Any script or style element, with or without attributes: each must be one the policy names. */
  private static final Pattern ANY_SCRIPT = Pattern.compile("<script\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern ANY_STYLE = Pattern.compile("<style\\b", Pattern.CASE_INSENSITIVE);

  private final byte[] html;
  private final String contentSecurityPolicy;

  private DashboardPage(byte[] html) {
    this.html = html;
    String text = new String(html, StandardCharsets.UTF_8);
    this.contentSecurityPolicy =
        String.join(
            "; ",
            "default-src 'none'",
            "script-src " + hashes(text, SCRIPT, ANY_SCRIPT),
            "style-src " + hashes(text, STYLE, ANY_STYLE),
            // The page talks only to its own node: the token endpoint and GET /supervisor/*.
            "connect-src 'self'",
            "base-uri 'none'",
            // Sign-in is a fetch; a form that ever submitted by navigation would carry the secret in a URL.
            "form-action 'none'",
            "frame-ancestors 'none'");
  }

  /** Read once at start-up; a build without the page fails here, not at the first request. */
  public static DashboardPage load() {
    try (InputStream in = DashboardPage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
      return new DashboardPage(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] html() {
    return html.clone();
  }

  public String contentSecurityPolicy() {
    return contentSecurityPolicy;
  }

  /** Every header the page is served with, besides its content type (text/html; charset=UTF-8). */
  public Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Security-Policy", contentSecurityPolicy);
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "no-referrer");
    // The shell holds no data, but a shared machine's cache should not keep even that.
    headers.put("Cache-Control", "no-store");
    return headers;
  }

  /** CSP source list of the SHA-256 of each inline block; the page must have at least one. */
  static String hashes(String text, Pattern block, Pattern anyElement) {
    List<String> sources = new ArrayList<>();
    Matcher m = block.matcher(text);
    while (m.find()) sources.add("'sha256-" + sha256(m.group(1)) + "'");
    long elements = anyElement.matcher(text).results().count();
    if (sources.isEmpty() || elements != sources.size())
      throw new IllegalStateException(
          "the dashboard must have only plain inline <script>/<style> blocks: " + elements + " elements, "
              + sources.size() + " plain");
    return String.join(" ", sources);
  }

  private static String sha256(String content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
