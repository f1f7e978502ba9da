package org.symphony.edge.supervisor;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.audit.incident.AuditIncidents;
import org.symphony.audit.incident.IncidentFilter;
import org.symphony.audit.incident.IncidentStatus;
import org.symphony.audit.supervision.GapWindow;
import org.symphony.audit.supervision.IncidentReportFormat;
import org.symphony.audit.supervision.SupervisionJson;
import org.symphony.edge.auth.BearerAuth;
import org.symphony.edge.auth.Caller;
import org.symphony.edge.auth.Role;
import org.symphony.edge.auth.Scopes;
import org.symphony.edge.http.Endpoint;
import org.symphony.edge.http.JsonAnswers;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;
import org.symphony.edge.problem.Problems;

/**
 * The supervisor's read-only API (supervisor role, scope supervisor:read): the gap analysis, the dashboard's
 * overview, incidents and their reports. Nothing here changes anything.
 */
public final class SupervisorRoutes {

  public static final Endpoint GAPS = new Endpoint("GET", "/supervisor/gaps");
  public static final Endpoint OVERVIEW = new Endpoint("GET", "/supervisor/overview");
  public static final Endpoint INCIDENTS = new Endpoint("GET", "/supervisor/incidents");
  public static final Endpoint INCIDENT = new Endpoint("GET", "/supervisor/incidents/{id}");

  private static final Logger log = LoggerFactory.getLogger(SupervisorRoutes.class);
  private static final Pattern PARTICIPANT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern KIND = Pattern.compile("[A-Z_]{1,40}");
  private static final Pattern REFERENCE = Pattern.compile("INC-[0-9]{8}-[0-9]{3,9}");
  private static final int DEFAULT_LIMIT = 100;

  private final SupervisorReads reads;
  private final BearerAuth auth;

  public SupervisorRoutes(SupervisorReads reads, BearerAuth auth) {
    this.reads = reads;
    this.auth = auth;
  }

  public Map<Endpoint, Function<List<String>, Route>> operations() {
    Map<Endpoint, Function<List<String>, Route>> ops = new LinkedHashMap<>();
    ops.put(GAPS, p -> read(caller -> gaps()));
    ops.put(OVERVIEW, p -> read(caller -> answer(reads.overview(), SupervisionJson::overview, "the overview")));
    ops.put(INCIDENTS, p -> read(caller -> incidents()));
    ops.put(INCIDENT, p -> read(caller -> incident(p.get(0))));
    return ops;
  }

  private Route read(Function<Caller, Route> inner) {
    return auth.require(Role.SUPERVISOR, Scopes.SUPERVISOR_READ, inner);
  }

  private Route gaps() {
    return parameterOptional("participant", participant -> parameterOptional("from", from -> parameterOptional("to", to -> {
      if (participant.isPresent() && !PARTICIPANT_ID.matcher(participant.get()).matches())
        return invalid("participant must be 1-64 of A-Z a-z 0-9 . _ -");
      Optional<Instant> f, t;
      try {
        f = from.map(Instant::parse);
        t = to.map(Instant::parse);
      } catch (DateTimeParseException e) {
        return invalid("from and to are ISO-8601 instants, e.g. 2026-12-03T10:00:00Z");
      }
      if (f.isPresent() && t.isPresent() && !f.get().isBefore(t.get())) return invalid("from must be before to");
      var window = new GapWindow(participant.orElse(null), f.orElse(null), t.orElse(null));
      return answer(reads.gaps(window), SupervisionJson::gapReport, "the gap analysis");
    })));
  }

  private Route incidents() {
    return parameterOptional("status", status -> parameterOptional("kind", kind -> parameterOptional("participant", participant ->
        parameterOptional("limit", limit -> {
          IncidentStatus s = null;
          if (status.isPresent()) {
            try {
              s = IncidentStatus.valueOf(status.get());
            } catch (IllegalArgumentException e) {
              return invalid("status must be one of OPEN, AUTO_FIXED, MANUAL_RESOLVED, ABANDONED");
            }
          }
          if (kind.isPresent() && !KIND.matcher(kind.get()).matches()) return invalid("kind is an incident kind such as GHOST_RECOVERY");
          if (participant.isPresent() && !PARTICIPANT_ID.matcher(participant.get()).matches())
            return invalid("participant must be 1-64 of A-Z a-z 0-9 . _ -");
          Optional<Integer> n = limit.flatMap(l -> JsonAnswers.limit(l, AuditIncidents.MAX_LIST));
          if (limit.isPresent() && n.isEmpty()) return invalid("limit must be 1.." + AuditIncidents.MAX_LIST);
          var filter = new IncidentFilter(s, kind.orElse(null), participant.orElse(null), n.orElse(DEFAULT_LIMIT));
          return answer(reads.incidents(filter), SupervisionJson::incidents, "the incidents");
        }))));
  }

  private Route incident(String reference) {
    if (!REFERENCE.matcher(reference).matches())
      return Problems.complete(Problem.of(ProblemCode.INCIDENT_NOT_FOUND, "an incident id looks like INC-20261203-001"));
    return optionalHeaderValueByName("Accept", accept -> onComplete(reads.report(reference), result -> {
      if (result.isFailure()) return unavailable("the incident report", result.failed().get());
      if (result.get().isEmpty())
        return Problems.complete(Problem.of(ProblemCode.INCIDENT_NOT_FOUND, "no incident " + reference));
      var report = result.get().get();
      if (wantsMarkdown(accept))
        return complete(HttpResponse.create().withStatus(200)
            .withEntity(ContentTypes.create(MediaTypes.TEXT_MARKDOWN, HttpCharsets.UTF_8), IncidentReportFormat.markdown(report)));
      return json(IncidentReportFormat.json(report));
    }));
  }

  /** Markdown only when asked for it ahead of JSON; everything else gets JSON. */
  static boolean wantsMarkdown(Optional<String> accept) {
    if (accept.isEmpty()) return false;
    String a = accept.get().toLowerCase(java.util.Locale.ROOT);
    int md = a.indexOf("text/markdown");
    int js = a.indexOf("application/json");
    return md >= 0 && (js < 0 || md < js);
  }

  private static <T> Route answer(java.util.concurrent.CompletionStage<T> stage, Function<T, ObjectNode> render, String what) {
    return onComplete(stage, result -> {
      if (result.isFailure()) return unavailable(what, result.failed().get());
      return json(render.apply(result.get()));
    });
  }

  private static Route invalid(String detail) {
    return Problems.complete(Problem.of(ProblemCode.FIELD_INVALID, detail));
  }

  private static Route json(ObjectNode body) {
    return JsonAnswers.json(body);
  }

  private static Route unavailable(String what, Throwable error) {
    log.warn("{} could not be read: {}", what, error.toString());
    return Problems.complete(Problem.of(ProblemCode.AUDIT_UNAVAILABLE, what + " could not be read"),
        Problems.retryAfter(Duration.ofSeconds(5)));
  }
}
