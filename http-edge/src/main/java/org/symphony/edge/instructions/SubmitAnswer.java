package org.symphony.edge.instructions;

import static org.apache.pekko.http.javadsl.server.Directives.complete;

import java.util.List;
import java.util.Objects;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.Problems;

/**
 * The answer to a forwarded submission, computed once: the outcome and status attested for it are read from the
 * same value that is sent, so the record cannot say other than what the participant received.
 */
sealed interface SubmitAnswer {

  /** The label recorded as the attestation's outcome (ACCEPTED, REPLAYED, REJECTED:code, a problem code). */
  String outcome();

  int status();

  Route route();

  /** An instruction's representation: 202 for a new or in-progress one, 200 for the replay of one with an outcome. */
  record Instruction(String outcome, int status, List<HttpHeader> headers, byte[] json) implements SubmitAnswer {
    public Instruction {
      Objects.requireNonNull(outcome, "outcome");
      if (status != 200 && status != 202) throw new IllegalArgumentException("not an instruction status: " + status);
      headers = List.copyOf(headers);
    }

    @Override
    public Route route() {
      return complete(
          HttpResponse.create().withStatus(status).addHeaders(headers).withEntity(ContentTypes.APPLICATION_JSON, json));
    }
  }

  /** A problem; its status is the problem's own. */
  record Refused(String outcome, Problem problem, List<HttpHeader> headers) implements SubmitAnswer {
    public Refused {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(problem, "problem");
      headers = List.copyOf(headers);
    }

    Refused(Problem problem, HttpHeader... headers) {
      this(problem.code(), problem, List.of(headers));
    }

    @Override
    public int status() {
      return problem.status();
    }

    @Override
    public Route route() {
      return Problems.complete(problem, headers);
    }
  }
}
