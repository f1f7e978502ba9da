package org.symphony.edge.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An RFC 9457 problem before rendering: the stable {@code code}, its HTTP status, a human title and
 * detail, and extension members (e.g. {@code pointer}, {@code instructionId}). Immutable.
 */
public record Problem(String code, int status, String title, String detail, Map<String, Object> extensions) {

  public static final String TYPE_BASE = "https://symphony.example/problems/";

  private static final Set<String> RESERVED =
      Set.of("type", "title", "status", "detail", "code", "instance", "requestId");
  private static final Pattern WELL_FORMED_CODE = Pattern.compile("^[A-Z][A-Z0-9_]{0,63}$");

  public Problem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(title, "title");
    if (status < 400 || status > 599) throw new IllegalArgumentException("not an error status: " + status);
    extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  public static Problem of(ProblemCode code, String detail) {
    return new Problem(code.name(), code.status(), code.title(), detail, Map.of());
  }

  /** For codes whose status varies (HTTP_ERROR) or is decided below our routes. */
  public static Problem of(ProblemCode code, int status, String detail) {
    return new Problem(code.name(), status, code.title(), detail, Map.of());
  }

  /**
   * A policy refusal recorded by the engine. Its failure code is passed through verbatim so that new
   * engine codes reach clients without an edge release; a malformed or missing one becomes
   * INSTRUCTION_REJECTED rather than leaking into the type URI.
   */
  public static Problem rejectedByPolicy(String failureCode, String detail) {
    if (failureCode == null || !WELL_FORMED_CODE.matcher(failureCode).matches())
      return of(ProblemCode.INSTRUCTION_REJECTED, detail);
    String title = ProblemCode.INSTRUCTION_REJECTED.title();
    for (ProblemCode known : ProblemCode.values())
      if (known.name().equals(failureCode)) title = known.title();
    return new Problem(failureCode, 422, title, detail, Map.of());
  }

  public Problem with(String member, Object value) {
    if (RESERVED.contains(member)) throw new IllegalArgumentException("reserved problem member: " + member);
    Map<String, Object> more = new LinkedHashMap<>(extensions);
    more.put(member, value);
    return new Problem(code, status, title, detail, more);
  }

  /** https://symphony.example/problems/idempotency-key-missing for IDEMPOTENCY_KEY_MISSING. */
  public String type() {
    return TYPE_BASE + code.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
