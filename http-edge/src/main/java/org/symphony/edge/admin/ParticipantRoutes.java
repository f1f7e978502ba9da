package org.symphony.edge.admin;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.audit.readmodel.LedgerBalance;
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
import org.symphony.engine.money.Currency;
import org.symphony.engine.participant.ParticipantCommand.LimitsReply;
import org.symphony.engine.participant.ParticipantView;

/**
 * The operator API over participants (operator role; admin:write to change, admin:read to look) and the
 * ledger. The operator's identity (the token's subject) is what the participant's events record as
 * "by"; a reason is required for every change, so the audit trail says why.
 */
public final class ParticipantRoutes {

  public static final Endpoint VIEW = new Endpoint("GET", "/admin/participants/{participantId}");
  public static final Endpoint SUSPEND = new Endpoint("POST", "/admin/participants/{participantId}/suspend");
  public static final Endpoint RESUME = new Endpoint("POST", "/admin/participants/{participantId}/resume");
  public static final Endpoint LIMITS = new Endpoint("PUT", "/admin/participants/{participantId}/limits");
  public static final Endpoint ACTIONS = new Endpoint("GET", "/admin/participants/{participantId}/actions");
  public static final Endpoint LEDGER = new Endpoint("GET", "/admin/ledger");
  public static final Endpoint REBUILD = new Endpoint("POST", "/admin/read-model/rebuild");

  private static final Logger log = LoggerFactory.getLogger(ParticipantRoutes.class);
  private static final Pattern PARTICIPANT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int DEFAULT_ACTIONS = 50;
  private static final int MAX_ACTIONS = 1_000;
  private static final long MAX_BODY_BYTES = 16 * 1024;
  private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  private final ParticipantAdmin admin;
  private final LedgerReads ledger;
  private final BearerAuth auth;
  private final Duration bodyReadTimeout;

  public ParticipantRoutes(ParticipantAdmin admin, LedgerReads ledger, BearerAuth auth, Duration bodyReadTimeout) {
    this.admin = admin;
    this.ledger = ledger;
    this.auth = auth;
    this.bodyReadTimeout = bodyReadTimeout;
  }

  public Map<Endpoint, Function<List<String>, Route>> operations() {
    Map<Endpoint, Function<List<String>, Route>> ops = new LinkedHashMap<>();
    ops.put(VIEW, p -> read(caller -> withParticipant(p, id -> answerView(admin.view(id), id))));
    ops.put(SUSPEND, p -> write(caller -> withParticipant(p, id -> withReason(reason ->
        answerView(admin.suspend(id, caller.subject(), reason), id)))));
    ops.put(RESUME, p -> write(caller -> withParticipant(p, id -> withReason(reason ->
        answerView(admin.resume(id, caller.subject(), reason), id)))));
    ops.put(LIMITS, p -> write(caller -> withParticipant(p, id -> changeLimits(caller, id))));
    ops.put(ACTIONS, p -> read(caller -> withParticipant(p, this::actions)));
    ops.put(LEDGER, p -> read(caller -> balances()));
    ops.put(REBUILD, p -> write(caller -> rebuild(caller)));
    return ops;
  }

  private Route read(Function<Caller, Route> inner) {
    return auth.require(Role.OPERATOR, Scopes.ADMIN_READ, inner);
  }

  private Route write(Function<Caller, Route> inner) {
    return auth.require(Role.OPERATOR, Scopes.ADMIN_WRITE, inner);
  }

  private static Route withParticipant(List<String> params, Function<String, Route> inner) {
    String id = params.get(0);
    if (!PARTICIPANT_ID.matcher(id).matches())
      return Problems.complete(Problem.of(ProblemCode.FIELD_INVALID, "participantId must be 1-64 of A-Z a-z 0-9 . _ -"));
    return inner.apply(id);
  }

  /** The body {"reason": "..."} every change carries. */
  private Route withReason(Function<String, Route> inner) {
    return withBody(json -> OperatorReason.required(json, inner));
  }

  private Route withBody(Function<JsonNode, Route> inner) {
    return JsonAnswers.object(MAX_BODY_BYTES, bodyReadTimeout, inner);
  }

  private Route changeLimits(Caller caller, String id) {
    return withBody(json -> {
      Optional<String> reason = OperatorReason.of(json);
      if (reason.isEmpty()) return OperatorReason.missing();
      if (!json.has("limits")) return Problems.complete(Problem.of(ProblemCode.FIELD_MISSING, "limits is required"));
      ParticipantJson.Parsed parsed = ParticipantJson.parseLimits(json.get("limits"));
      if (!parsed.problems().isEmpty()) return limitsInvalid(parsed.problems());
      return onComplete(admin.changeLimits(id, parsed.profile(), caller.subject(), reason.get()), result -> {
        if (result.isFailure()) return unavailable("the participant could not be reached", result.failed().get());
        if (result.get().isEmpty()) return notFound(id);
        LimitsReply reply = result.get().get();
        if (reply instanceof LimitsReply.Invalid invalid) return limitsInvalid(invalid.problems());
        return json(ParticipantJson.view(((LimitsReply.Applied) reply).view()));
      });
    });
  }

  private Route actions(String id) {
    return parameterOptional("limit", limit -> {
      Optional<Integer> parsed = limit.flatMap(l -> JsonAnswers.limit(l, MAX_ACTIONS));
      if (limit.isPresent() && parsed.isEmpty())
        return Problems.complete(Problem.of(ProblemCode.FIELD_INVALID, "limit must be 1.." + MAX_ACTIONS));
      return onComplete(admin.actions(id, parsed.orElse(DEFAULT_ACTIONS)), result -> {
        if (result.isFailure()) return unavailable("the audit trail could not be read", result.failed().get());
        if (result.get().isEmpty()) return notFound(id);
        ObjectNode body = Json.object();
        body.put("participantId", id);
        ArrayNode list = body.putArray("actions");
        result.get().get().forEach(a -> list.add(ParticipantJson.action(a)));
        return json(body);
      });
    });
  }

  private Route balances() {
    return parameterOptional("account", prefix -> {
      if (prefix.isPresent() && prefix.get().length() > 200)
        return Problems.complete(Problem.of(ProblemCode.FIELD_INVALID, "account prefix longer than 200 characters"));
      return onComplete(ledger.balances(prefix.orElse("")), result -> {
        if (result.isFailure()) return readModelUnavailable(result.failed().get());
        ObjectNode body = Json.object();
        ArrayNode accounts = body.putArray("accounts");
        for (LedgerBalance b : result.get()) {
          int digits = Currency.parse(b.currency()).map(Currency::minorDigits).orElse(2);
          accounts.addObject()
              .put("account", b.account())
              .put("currency", b.currency())
              .put("balance", BigDecimal.valueOf(b.balanceMinor(), digits).toPlainString())
              .put("lines", b.lines());
        }
        return json(body);
      });
    });
  }

  private Route rebuild(Caller caller) {
    log.warn("read model rebuild requested by {}", caller.subject());
    return onComplete(ledger.rebuild(), result -> {
      if (result.isFailure()) return readModelUnavailable(result.failed().get());
      return complete(HttpResponse.create().withStatus(202).withEntity(ContentTypes.APPLICATION_JSON,
          Json.bytes(Json.object().put("rebuild", "started").put("by", caller.subject()))));
    });
  }

  private static Route answerView(CompletionStage<Optional<ParticipantView>> view, String id) {
    return onComplete(view, result -> {
      if (result.isFailure()) return unavailable("the participant could not be reached", result.failed().get());
      return result.get().map(v -> json(ParticipantJson.view(v))).orElseGet(() -> notFound(id));
    });
  }

  private static Route limitsInvalid(List<String> problems) {
    return Problems.complete(Problem.of(ProblemCode.LIMITS_INVALID, String.join("; ", problems)).with("problems", problems));
  }

  private static Route notFound(String id) {
    return Problems.complete(Problem.of(ProblemCode.PARTICIPANT_NOT_FOUND, "no participant " + id + " in this sandbox"));
  }

  private static Route unavailable(String detail, Throwable error) {
    log.warn("{}: {}", detail, error.toString());
    return Problems.complete(Problem.of(ProblemCode.ENGINE_UNAVAILABLE, detail), Problems.retryAfter(RETRY_AFTER));
  }

  private static Route readModelUnavailable(Throwable error) {
    log.warn("read model unavailable: {}", error.toString());
    return Problems.complete(Problem.of(ProblemCode.READ_MODEL_UNAVAILABLE, "the read model could not be read"), Problems.retryAfter(RETRY_AFTER));
  }

  private static Route json(ObjectNode body) {
    return JsonAnswers.json(body);
  }
}
