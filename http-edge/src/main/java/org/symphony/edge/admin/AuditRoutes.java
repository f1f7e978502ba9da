package org.symphony.edge.admin;

import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.withRequestTimeout;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.audit.verify.VerificationReport;
import org.symphony.edge.auth.BearerAuth;
import org.symphony.edge.auth.Role;
import org.symphony.edge.auth.Scopes;
import org.symphony.edge.http.Endpoint;
import org.symphony.edge.http.Json;
import org.symphony.edge.http.JsonAnswers;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;
import org.symphony.edge.problem.Problems;

/** Operator API over the attestation chain (operator role, scope admin:read). */
public final class AuditRoutes {

  public static final Endpoint VERIFY_CHAIN = new Endpoint("GET", "/admin/attestations/verify");
  public static final Endpoint GAPS = new Endpoint("GET", "/admin/attestations/gaps");
  public static final Endpoint DUPLICATES = new Endpoint("GET", "/admin/duplicates");

  private static final Logger log = LoggerFactory.getLogger(AuditRoutes.class);
  /** Verification reads every row: far longer than pekko's default request timeout on a large chain. */
  private static final Duration VERIFY_TIMEOUT = Duration.ofMinutes(30);
  private static final int DEFAULT_GAP_LIMIT = 100;
  private static final int MAX_GAP_LIMIT = 10_000;

  private final AuditQueries audit;
  private final BearerAuth auth;

  public AuditRoutes(AuditQueries audit, BearerAuth auth) {
    this.audit = audit;
    this.auth = auth;
  }

  public Map<Endpoint, Function<List<String>, Route>> operations() {
    Map<Endpoint, Function<List<String>, Route>> ops = new LinkedHashMap<>();
    ops.put(VERIFY_CHAIN, params -> auth.require(Role.OPERATOR, Scopes.ADMIN_READ, caller -> verify()));
    ops.put(GAPS, params -> auth.require(Role.OPERATOR, Scopes.ADMIN_READ, caller -> gaps()));
    ops.put(DUPLICATES, params -> auth.require(Role.OPERATOR, Scopes.ADMIN_READ, caller -> duplicates()));
    return ops;
  }

  private Route verify() {
    return withRequestTimeout(
        VERIFY_TIMEOUT,
        () ->
            onComplete(
                audit.verifyChain(),
                result -> {
                  if (result.isFailure()) return unavailable("chain verification could not run", result.failed().get());
                  return json(report(result.get()));
                }));
  }

  private Route gaps() {
    return parameterOptional(
        "limit",
        limit -> {
          Optional<Integer> parsed = limit.flatMap(l -> JsonAnswers.limit(l, MAX_GAP_LIMIT));
          if (limit.isPresent() && parsed.isEmpty())
            return Problems.complete(Problem.of(ProblemCode.FIELD_INVALID, "limit must be 1.." + MAX_GAP_LIMIT));
          return onComplete(
              audit.gaps(parsed.orElse(DEFAULT_GAP_LIMIT)),
              result -> {
                if (result.isFailure()) return unavailable("the gap query could not run", result.failed().get());
                ObjectNode body = Json.object();
                body.put("count", result.get().count());
                ArrayNode list = body.putArray("gaps");
                for (var g : result.get().listed())
                  list.addObject()
                      .put("attestationId", g.attestationId().toString())
                      .put("nodeId", g.nodeId())
                      .put("nodeSeq", g.nodeSeq())
                      .put("requestId", g.requestId())
                      .put("receivedAt", g.receivedAt().toString());
                return json(body);
              });
        });
  }

  private Route duplicates() {
    return onComplete(
        audit.duplicates(),
        result -> {
          if (result.isFailure()) return unavailable("the duplicate totals could not be read", result.failed().get());
          var t = result.get();
          ObjectNode body = Json.object();
          body.put("duplicateRequests", t.duplicateRequests());
          body.put("duplicatesBlocked", t.duplicatesBlocked());
          body.put("terminalReentryAttempts", t.terminalReentryAttempts());
          body.put("keyReused", t.keyReused());
          return json(body);
        });
  }

  static ObjectNode report(VerificationReport report) {
    ObjectNode body = Json.object();
    body.put("intact", report.isIntact());
    body.put("rowsChecked", report.rowsChecked());
    ArrayNode nodes = body.putArray("nodes");
    for (var n : report.nodes())
      nodes.addObject()
          .put("nodeId", n.nodeId())
          .put("rows", n.rowsChecked())
          .put("headSeq", n.headSeq())
          .put("headHash", n.headHash())
          .put("checkpoints", n.checkpointsChecked());
    ArrayNode breaks = body.putArray("breaks");
    for (var b : report.breaks())
      breaks.addObject()
          .put("nodeId", b.nodeId())
          .put("sequence", b.sequence())
          .put("kind", b.kind().name())
          .put("expected", b.expected())
          .put("stored", b.stored())
          .put("detail", b.detail());
    return body;
  }

  private static Route json(ObjectNode body) {
    return JsonAnswers.json(body);
  }

  private static Route unavailable(String detail, Throwable error) {
    log.warn("{}: {}", detail, error.toString());
    return Problems.complete(Problem.of(ProblemCode.AUDIT_UNAVAILABLE, detail), Problems.retryAfter(Duration.ofSeconds(5)));
  }
}
