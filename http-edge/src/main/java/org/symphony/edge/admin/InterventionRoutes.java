package org.symphony.edge.admin;

import static org.apache.pekko.http.javadsl.server.Directives.onComplete;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.audit.intervention.ApprovalResult;
import org.symphony.audit.intervention.Intervention;
import org.symphony.audit.intervention.InterventionDesk;
import org.symphony.audit.intervention.ProposalResult;
import org.symphony.audit.supervision.SupervisionJson;
import org.symphony.edge.auth.BearerAuth;
import org.symphony.edge.auth.Caller;
import org.symphony.edge.auth.Role;
import org.symphony.edge.auth.Scopes;
import org.symphony.edge.http.Endpoint;
import org.symphony.edge.http.Json;
import org.symphony.edge.http.JsonAnswers;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;
import org.symphony.edge.problem.Problems;

/**
 * The manual intervention queue (operator role): UNKNOWN_OUTCOME, DLQ and GHOST cases, closed only by two
 * operators. The operator is the token's subject; the approver must not be the proposer (403 FOUR_EYES_REQUIRED).
 */
public final class InterventionRoutes {

  public static final Endpoint LIST = new Endpoint("GET", "/admin/interventions");
  public static final Endpoint PROPOSE = new Endpoint("POST", "/admin/interventions/{id}/proposal");
  public static final Endpoint APPROVE = new Endpoint("POST", "/admin/interventions/{id}/approval");
  public static final Endpoint REJECT = new Endpoint("POST", "/admin/interventions/{id}/rejection");
  public static final Endpoint RECONCILE = new Endpoint("POST", "/admin/reconciliation/run");

  private static final Logger log = LoggerFactory.getLogger(InterventionRoutes.class);
  private static final Pattern REFERENCE = Pattern.compile("INC-[0-9]{8}-[0-9]{3,9}");
  private static final long MAX_BODY_BYTES = 16 * 1024;

  private final Interventions desk;
  private final ReconciliationTrigger reconciliation;
  private final BearerAuth auth;
  private final Duration bodyReadTimeout;

  public InterventionRoutes(Interventions desk, ReconciliationTrigger reconciliation, BearerAuth auth, Duration bodyReadTimeout) {
    this.desk = desk;
    this.reconciliation = reconciliation;
    this.auth = auth;
    this.bodyReadTimeout = bodyReadTimeout;
  }

  public Map<Endpoint, Function<List<String>, Route>> operations() {
    Map<Endpoint, Function<List<String>, Route>> ops = new LinkedHashMap<>();
    ops.put(LIST, p -> auth.require(Role.OPERATOR, Scopes.ADMIN_READ, caller -> list()));
    ops.put(PROPOSE, p -> auth.require(Role.OPERATOR, Scopes.ADMIN_WRITE, caller -> withReference(p, ref -> propose(caller, ref))));
    ops.put(APPROVE, p -> auth.require(Role.OPERATOR, Scopes.ADMIN_WRITE, caller -> withReference(p, ref -> approve(caller, ref))));
    ops.put(REJECT, p -> auth.require(Role.OPERATOR, Scopes.ADMIN_WRITE, caller -> withReference(p, ref -> reject(caller, ref))));
    ops.put(RECONCILE, p -> auth.require(Role.OPERATOR, Scopes.ADMIN_WRITE, caller -> reconcile()));
    return ops;
  }

  /** On demand: one cycle of the reconciliation worker now (it also runs by itself every interval). */
  private Route reconcile() {
    return onComplete(reconciliation.runNow(), result -> {
      if (result.isFailure()) return unavailable(result.failed().get());
      var r = result.get();
      ObjectNode body = Json.object();
      body.put("at", r.at().toString());
      body.put("accountedByInstruction", r.accountedByInstruction());
      body.put("accountedByRetry", r.accountedByRetry());
      body.put("ghostsOpened", r.ghostsOpened());
      body.put("ghostsFixed", r.ghostsFixed());
      body.put("voidsRecorded", r.voidsRecorded());
      body.put("holesOpen", r.holesOpen());
      body.put("zombiesWoken", r.zombiesWoken());
      body.put("zombiesRepaired", r.zombiesRepaired());
      body.put("interventionsOpened", r.interventionsOpened());
      return ok(200, body);
    });
  }

  private Route list() {
    return onComplete(desk.open(), result -> {
      if (result.isFailure()) return unavailable(result.failed().get());
      ObjectNode body = Json.object();
      var list = body.putArray("interventions");
      result.get().forEach(i -> list.add(json(i)));
      return ok(200, body);
    });
  }

  private Route propose(Caller caller, String reference) {
    return withBody(json -> {
      Optional<String> resolution = text(json, "resolution");
      if (json.has("resolution") && resolution.isEmpty()) return invalid("resolution must be a string");
      if (resolution.isEmpty()) return missing("resolution (SUCCEEDED, FAILED or ABANDONED) is required");
      Optional<String> reason = text(json, "reason");
      if (reason.isEmpty()) return missing("reason is required");
      Optional<String> evidence = text(json, "evidence");
      if (json.has("evidence") && !json.get("evidence").isNull() && evidence.isEmpty()) return invalid("evidence must be a string");
      return onComplete(desk.propose(reference, resolution.get(), reason.get(), evidence.orElse(null), caller.subject()), result -> {
        if (result.isFailure()) return unavailable(result.failed().get());
        ProposalResult r = result.get();
        if (r instanceof ProposalResult.Proposed p) return ok(201, json(p.intervention()));
        if (r instanceof ProposalResult.NotFound) return notFound(reference);
        if (r instanceof ProposalResult.AlreadyPending p)
          return Problems.complete(Problem.of(ProblemCode.PROPOSAL_PENDING,
              p.intervention().pending().map(x -> "a proposal by " + x.proposedBy() + " waits for approval").orElse("a proposal waits")));
        if (r instanceof ProposalResult.NotResolvable n) return Problems.complete(Problem.of(ProblemCode.NOT_RESOLVABLE, n.detail()));
        var invalid = (ProposalResult.Invalid) r;
        return Problems.complete(Problem.of(ProblemCode.FIELD_INVALID, invalid.field() + ": " + invalid.detail()));
      });
    });
  }

  private Route approve(Caller caller, String reference) {
    return withOptionalBody(json -> {
      Optional<String> reason = json.flatMap(j -> text(j, "reason"));
      return onComplete(desk.approve(reference, caller.subject(), reason.orElse(null)), result -> {
        if (result.isFailure()) return unavailable(result.failed().get());
        ApprovalResult r = result.get();
        if (r instanceof ApprovalResult.Approved a) {
          ObjectNode body = Json.object();
          body.put("id", a.reference());
          body.put("status", a.status().name());
          body.put("resolution", a.resolution());
          body.put("proposedBy", a.proposedBy());
          body.put("approvedBy", a.approvedBy());
          body.put("instructionStatus", a.instructionStatus() == null ? null : a.instructionStatus().name());
          body.put("resolvedAt", a.resolvedAt() == null ? null : a.resolvedAt().toString());
          return ok(200, body);
        }
        if (r instanceof ApprovalResult.NotFound) return notFound(reference);
        if (r instanceof ApprovalResult.SameOperator s)
          return Problems.complete(Problem.of(ProblemCode.FOUR_EYES_REQUIRED,
              s.operator() + " proposed this resolution; a different operator must approve it"));
        if (r instanceof ApprovalResult.NoProposal)
          return Problems.complete(Problem.of(ProblemCode.NO_PROPOSAL, "nothing to approve: no proposal waits for " + reference));
        return Problems.complete(Problem.of(ProblemCode.NOT_RESOLVABLE, ((ApprovalResult.NotResolvable) r).detail()));
      });
    });
  }

  /** Declines the pending proposal (any operator, the proposer included: a withdrawal); a reason is required. */
  private Route reject(Caller caller, String reference) {
    return withBody(json -> {
      Optional<String> reason = text(json, "reason");
      if (reason.isEmpty()) return missing("reason is required");
      return onComplete(desk.reject(reference, caller.subject(), reason.get()), result -> {
        if (result.isFailure()) return unavailable(result.failed().get());
        var r = result.get();
        if (r instanceof InterventionDesk.RejectionResult.Rejected rejected) return ok(200, json(rejected.intervention()));
        if (r instanceof InterventionDesk.RejectionResult.NotFound) return notFound(reference);
        if (r instanceof InterventionDesk.RejectionResult.NotOpen n)
          return Problems.complete(Problem.of(ProblemCode.NOT_RESOLVABLE, "the intervention is already " + n.status()));
        return Problems.complete(Problem.of(ProblemCode.NO_PROPOSAL, "nothing to reject: no proposal waits for " + reference));
      });
    });
  }

  static ObjectNode json(Intervention i) {
    ObjectNode n = SupervisionJson.incident(i.incident());
    n.remove(List.of("status", "resolvedAt", "resolvedBy"));
    var allowed = n.putArray("allowedResolutions");
    i.allowedResolutions().forEach(allowed::add);
    if (i.pending().isEmpty()) n.putNull("proposal");
    else {
      var p = i.pending().get();
      n.putObject("proposal")
          .put("resolution", p.resolution())
          .put("reason", p.reason())
          .put("evidence", p.evidence())
          .put("proposedBy", p.proposedBy())
          .put("proposedAt", p.proposedAt().toString());
    }
    return n;
  }

  private static Route withReference(List<String> params, Function<String, Route> inner) {
    String ref = params.get(0);
    if (!REFERENCE.matcher(ref).matches())
      return Problems.complete(Problem.of(ProblemCode.INTERVENTION_NOT_FOUND, "an intervention id looks like INC-20261203-001"));
    return inner.apply(ref);
  }

  private Route withBody(Function<JsonNode, Route> inner) {
    return JsonAnswers.object(MAX_BODY_BYTES, bodyReadTimeout, inner);
  }

  /** The approval's body is optional: empty, or a JSON object. */
  private Route withOptionalBody(Function<Optional<JsonNode>, Route> inner) {
    return JsonAnswers.optionalObject(MAX_BODY_BYTES, bodyReadTimeout, inner);
  }

  private static Optional<String> text(JsonNode json, String field) {
    JsonNode v = json.get(field);
    if (v == null || !v.isTextual()) return Optional.empty();
    String s = v.textValue().strip();
    return s.isEmpty() || s.length() > InterventionDesk.MAX_TEXT ? Optional.empty() : Optional.of(s);
  }

  private static Route ok(int status, ObjectNode body) {
    return JsonAnswers.json(status, body);
  }

  private static Route missing(String detail) {
    return Problems.complete(Problem.of(ProblemCode.FIELD_MISSING, detail));
  }

  private static Route invalid(String detail) {
    return Problems.complete(Problem.of(ProblemCode.FIELD_INVALID, detail));
  }

  private static Route notFound(String reference) {
    return Problems.complete(Problem.of(ProblemCode.INTERVENTION_NOT_FOUND, "no open intervention " + reference));
  }

  private static Route unavailable(Throwable error) {
    log.warn("the intervention queue could not be reached: {}", error.toString());
    return Problems.complete(Problem.of(ProblemCode.AUDIT_UNAVAILABLE, "the intervention queue could not be reached"),
        Problems.retryAfter(Duration.ofSeconds(5)));
  }
}
