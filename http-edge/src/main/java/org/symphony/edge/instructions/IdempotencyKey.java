package org.symphony.edge.instructions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.symphony.edge.problem.Checked;
import org.symphony.edge.problem.ProblemCode;

/** The Idempotency-Key header: required, exactly once, 1–128 characters of [A-Za-z0-9._:-]. */
final class IdempotencyKey {

  static final String HEADER = "Idempotency-Key";
  private static final Pattern WELL_FORMED = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

  private IdempotencyKey() {}

  static Checked<String> from(HttpRequest request) {
    List<String> values = new ArrayList<>();
    for (HttpHeader h : request.getHeaders()) if (h.is("idempotency-key")) values.add(h.value());
    if (values.isEmpty())
      return Checked.refused(
          ProblemCode.IDEMPOTENCY_KEY_MISSING, "send an Idempotency-Key header; retries reuse the same key");
    if (values.size() > 1)
      return Checked.refused(ProblemCode.IDEMPOTENCY_KEY_INVALID, "send the Idempotency-Key header once");
    if (!WELL_FORMED.matcher(values.get(0)).matches())
      return Checked.refused(
          ProblemCode.IDEMPOTENCY_KEY_INVALID, "Idempotency-Key must be 1 to 128 characters of A-Z a-z 0-9 . _ : -");
    return Checked.ok(values.get(0));
  }
}
