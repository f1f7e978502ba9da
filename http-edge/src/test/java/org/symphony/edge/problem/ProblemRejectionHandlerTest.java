package org.symphony.edge.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.Test;

class ProblemRejectionHandlerTest {

  @Test
  void plainTextErrorsAreRenderedAsProblemsKeepingStatusAndHeaders() {
    HttpResponse text =
        HttpResponse.create()
            .withStatus(416)
            .addHeader(RawHeader.create("Content-Range", "bytes */10"))
            .withEntity(ContentTypes.TEXT_PLAIN_UTF8, "None of the requested ranges were satisfiable");

    HttpResponse problem = ProblemRejectionHandler.asProblem(text);

    assertEquals(416, problem.status().intValue());
    assertTrue(ProblemJson.isProblem(problem.entity().getContentType()));
    assertTrue(problem.getHeader("Content-Range").isPresent());
    String body = ((HttpEntity.Strict) problem.entity()).getData().utf8String();
    assertTrue(body.contains("\"code\":\"HTTP_ERROR\""), body);
    assertTrue(body.contains("ranges were satisfiable"), body);
  }

  @Test
  void problemsAndSuccessesPassUnchanged() {
    HttpResponse problem = ProblemJson.response(Problem.of(ProblemCode.NOT_FOUND, "x"), null, null, java.util.List.of());
    HttpResponse ok = HttpResponse.create().withStatus(200);

    assertSame(problem, ProblemRejectionHandler.asProblem(problem));
    assertSame(ok, ProblemRejectionHandler.asProblem(ok));
  }

  @Test
  void typeUriIsTheDashedCode() {
    assertEquals(
        "https://symphony.example/problems/idempotency-key-missing",
        Problem.of(ProblemCode.IDEMPOTENCY_KEY_MISSING, null).type());
  }
}
