package org.symphony.edge.attest;

import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.mapRouteResultFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.javadsl.server.RouteResults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.edge.auth.Caller;
import org.symphony.edge.http.PeerAddress;
import org.symphony.edge.http.RequestIds;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;
import org.symphony.edge.problem.ProblemExceptionHandler;
import org.symphony.edge.problem.ProblemJson;
import org.symphony.edge.problem.ProblemRejectionHandler;
import org.symphony.edge.problem.Problems;

/**
 * Promise 1 at the edge: every request to a money route leaves exactly one committed attestation row.
 * A request that passes every check is attested FORWARDED before the engine sees it ({@link #forward});
 * any other answer is attested REJECTED, with its problem code and status, before it is sent
 * ({@link #around}) — except that of a request that proved no identity, which is counted per source and window
 * ({@link IngressLedger#countRefusal}). If the attestation cannot be committed, the answer is 503 ATTESTATION_UNAVAILABLE
 * and nothing is forwarded.
 */
public final class IngressAttestation {

  private static final Logger log = LoggerFactory.getLogger(IngressAttestation.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Bodies of our own problem responses are small; anything larger is not ours to parse. */
  private static final int MAX_PROBLEM_BYTES = 16 * 1024;
  /** Built once: immutable, and building them showed in the profile of every money request. */
  private static final ExceptionHandler EXCEPTIONS = ProblemExceptionHandler.create();
  private static final RejectionHandler REJECTIONS = ProblemRejectionHandler.create();

  private final IngressLedger ledger;
  private final Clock clock;
  private final Duration retryAfter;

  public IngressAttestation(IngressLedger ledger, Clock clock, Duration retryAfter) {
    this.ledger = ledger;
    this.clock = clock;
    this.retryAfter = retryAfter;
  }

  public IngressLedger ledger() {
    return ledger;
  }

  /** Wraps a money route: the inner route fills the slip; whatever it answers without forwarding is attested. */
  public Route around(Function<AttestationSlip, Route> inner) {
    return extractRequest(
        request -> {
          AttestationSlip slip =
              new AttestationSlip(
                  clock.instant(),
                  RequestIds.fromRequest(request).orElse("unknown"),
                  request.method().value(),
                  request.getUri().path(),
                  PeerAddress.of(request));
          request.getHeader("Idempotency-Key").map(HttpHeader::value).filter(k -> k.length() <= 128).ifPresent(slip::idempotencyKey);
          // Seal the inner route so that every refusal reaches us as a response, not a pekko rejection.
          Route sealed =
              handleExceptions(EXCEPTIONS, () -> handleRejections(REJECTIONS, () -> inner.apply(slip)));
          return mapRouteResultFuture(
              result -> result.thenCompose(r -> slip.forwardAttempted() ? done(r) : attestRefusal(slip, r)),
              () -> sealed);
        });
  }

  /**
   * Attests a request that passed every check, before it is forwarded. Empty when the attestation could
   * not be committed: the caller must then answer {@link #unavailable()} and forward nothing.
   */
  public CompletionStage<Optional<Attestation>> forward(AttestationSlip slip) {
    if (!slip.markForwardAttempted()) throw new IllegalStateException("a request is forwarded at most once");
    return guarded(() -> ledger.attest(slip.entry(slip.caller(), true, null, null)))
        .handle(
            (attestation, error) -> {
              if (error == null) return Optional.of(attestation);
              // Per request at debug only: the attestor logs the outage once when it starts and once when it ends.
              log.debug("attestation of request {} failed; refusing it (fail closed): {}", slip.requestId(), error.toString());
              return Optional.empty();
            });
  }

  public Route unavailable() {
    return Problems.complete(unavailableProblem(), Problems.retryAfter(retryAfter));
  }

  private CompletionStage<RouteResult> attestRefusal(AttestationSlip slip, RouteResult result) {
    if (!(result instanceof org.apache.pekko.http.javadsl.server.Complete complete)) return done(result); // sealed above: not expected
    HttpResponse response = complete.getResponse();
    int status = response.status().intValue();
    // The identity the bearer directive verified, if any (also for a 403): never a second verification.
    Caller identity = slip.caller();
    IngressEntry entry = slip.entry(identity, false, problemCode(response), status);
    if (identity == null) return countRefusal(slip, entry, result);
    return guarded(() -> ledger.attest(entry))
        .handle(
            (attestation, error) -> {
              if (error == null) return result;
              log.debug("attestation of refused request {} failed: {}", slip.requestId(), error.toString());
              return unavailable(slip, entry);
            });
  }

  /**
   * A request that proved no identity is counted, not given a row of its own: one row per source and window carries
   * the count, so unauthenticated traffic can neither fill the chain nor take the attestation queue.
   */
  private CompletionStage<RouteResult> countRefusal(AttestationSlip slip, IngressEntry entry, RouteResult result) {
    boolean counted;
    try {
      counted = ledger.countRefusal(entry, slip.source());
    } catch (RuntimeException e) {
      log.warn("refusal of request {} could not be counted: {}", slip.requestId(), e.toString());
      counted = false;
    }
    return done(counted ? result : unavailable(slip, entry));
  }

  private RouteResult unavailable(AttestationSlip slip, IngressEntry entry) {
    return RouteResults.complete(
        ProblemJson.response(
            unavailableProblem(), entry.path(), slip.requestId(), List.of(Problems.retryAfter(retryAfter),
                RawHeader.create(RequestIds.HEADER, slip.requestId()))));
  }

  private static String problemCode(HttpResponse response) {
    if (response.entity() instanceof HttpEntity.Strict strict && strict.getData().size() <= MAX_PROBLEM_BYTES) {
      try {
        JsonNode code = JSON.readTree(strict.getData().toArray()).get("code");
        if (code != null && code.isTextual()) return code.asText();
      } catch (Exception e) {
        // not a problem document: fall through
      }
    }
    return "HTTP_" + response.status().intValue();
  }

  private static Problem unavailableProblem() {
    return Problem.of(
        ProblemCode.ATTESTATION_UNAVAILABLE,
        "the request could not be durably attested, so nothing was done; retry with the same Idempotency-Key");
  }

  /** A ledger that throws instead of failing its stage is treated the same way: refused, never a 500. */
  private static <T> CompletionStage<T> guarded(java.util.function.Supplier<CompletionStage<T>> call) {
    try {
      CompletionStage<T> stage = call.get();
      return stage == null ? CompletableFuture.failedFuture(new IllegalStateException("no stage")) : stage;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static CompletionStage<RouteResult> done(RouteResult r) {
    return CompletableFuture.completedFuture(r);
  }
}
