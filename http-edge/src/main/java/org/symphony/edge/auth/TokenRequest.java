package org.symphony.edge.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.symphony.edge.problem.Checked;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;

/**
 * A client-credentials token request (RFC 6749 §4.4) read from a form body and an optional HTTP Basic
 * header. Any {@code scope} parameter is ignored: a client gets exactly its role's scopes.
 */
public record TokenRequest(String clientId, String secret) {

  public static final String GRANT_TYPE = "client_credentials";

  private static final int MAX_PARAMETERS = 16;
  private static final int MAX_CLIENT_ID_CHARS = 128;
  private static final int MAX_SECRET_CHARS = 512;

  /** form: the urlencoded body; authorization: the Authorization header value, if any. */
  public static Checked<TokenRequest> parse(String form, Optional<String> authorization) {
    Optional<Map<String, String>> params = formParameters(form);
    if (params.isEmpty())
      return Checked.refused(oauth(ProblemCode.INVALID_REQUEST, "invalid_request",
          "the body must be application/x-www-form-urlencoded, each parameter at most once"));
    String grantType = params.get().get("grant_type");
    if (grantType == null)
      return Checked.refused(oauth(ProblemCode.INVALID_REQUEST, "invalid_request", "grant_type is required"));
    if (!GRANT_TYPE.equals(grantType))
      return Checked.refused(oauth(ProblemCode.UNSUPPORTED_GRANT_TYPE, "unsupported_grant_type",
          "only grant_type=client_credentials is supported"));

    boolean inForm = params.get().containsKey("client_id") || params.get().containsKey("client_secret");
    Optional<String> basic = authorization.filter(v -> v.regionMatches(true, 0, "Basic ", 0, 6));
    if (inForm && basic.isPresent())
      return Checked.refused(oauth(ProblemCode.INVALID_REQUEST, "invalid_request",
          "use either HTTP Basic or form parameters to authenticate the client, not both"));
    Optional<TokenRequest> credentials =
        basic.isPresent()
            ? fromBasic(basic.get().substring(6).trim())
            : Optional.ofNullable(params.get().get("client_id"))
                .flatMap(id -> Optional.ofNullable(params.get().get("client_secret")).map(s -> new TokenRequest(id, s)));
    if (credentials.isEmpty() || !credentials.get().withinBounds()) return Checked.refused(invalidClient());
    return Checked.ok(credentials.get());
  }

  public static Problem invalidClient() {
    return oauth(ProblemCode.INVALID_CLIENT, "invalid_client", "client authentication failed");
  }

  private boolean withinBounds() {
    return !clientId.isEmpty()
        && clientId.length() <= MAX_CLIENT_ID_CHARS
        && !secret.isEmpty()
        && secret.length() <= MAX_SECRET_CHARS
        && visibleAscii(clientId)
        && visibleAscii(secret);
  }

  /** RFC 6749 Appendix A: client_id and client_secret are VSCHAR (%x20-7E) — no NUL reaches the database. */
  private static boolean visibleAscii(String s) {
    return s.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
  }

  private static Problem oauth(ProblemCode code, String error, String detail) {
    return Problem.of(code, detail).with("error", error);
  }

  /** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
  private static Optional<TokenRequest> fromBasic(String encoded) {
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon < 0) return Optional.empty();
      return Optional.of(new TokenRequest(decode(decoded.substring(0, colon)), decode(decoded.substring(colon + 1))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<Map<String, String>> formParameters(String form) {
    Map<String, String> params = new HashMap<>();
    if (form.isEmpty()) return Optional.of(params);
    String[] pairs = form.split("&", -1);
    if (pairs.length > MAX_PARAMETERS) return Optional.empty();
    try {
      for (String pair : pairs) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (params.put(name, value) != null) return Optional.empty(); // RFC 6749 §3.2: no repeats
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(params);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "TokenRequest[clientId=" + clientId + ", secret=***]";
  }
}
