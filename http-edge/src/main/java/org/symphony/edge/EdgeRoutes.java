package org.symphony.edge;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.withRequestTimeoutResponse;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.symphony.edge.callbacks.CallbackOutcomes;
import org.symphony.edge.callbacks.CallbackResolver;
import org.symphony.edge.callbacks.RailCallbackRoutes;
import org.symphony.edge.admin.AuditRoutes;
import org.symphony.edge.admin.ClientRoutes;
import org.symphony.edge.admin.ClusterRoutes;
import org.symphony.edge.admin.InterventionRoutes;
import org.symphony.edge.supervisor.SupervisorRoutes;
import org.symphony.edge.admin.ParticipantRoutes;
import org.symphony.edge.attest.IngressAttestation;
import org.symphony.edge.auth.BearerAuth;
import org.symphony.edge.auth.TokenRoutes;
import org.symphony.edge.auth.TokenThrottle;
import org.symphony.edge.http.Admission;
import org.symphony.edge.http.Endpoint;
import org.symphony.edge.http.RequestIds;
import org.symphony.edge.instructions.InstructionLimits;
import org.symphony.edge.instructions.InstructionRoutes;
import org.symphony.edge.openapi.OpenApiRoutes;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;
import org.symphony.edge.problem.ProblemExceptionHandler;
import org.symphony.edge.problem.ProblemJson;
import org.symphony.edge.problem.ProblemRejectionHandler;
import org.symphony.edge.problem.Problems;
import org.symphony.edge.supervisor.DashboardRoutes;
import org.symphony.engine.instruction.InstructionGateway;

/**
 * The edge's whole route: every operation in {@link #ROUTES}, wrapped so that each response carries
 * X-Request-Id and every refusal, rejection, exception or timeout is problem+json.
 */
public final class EdgeRoutes {

  /** Every served operation; the OpenAPI document must describe exactly these. */
  public static final List<Endpoint> ROUTES =
      List.of(
          TokenRoutes.TOKEN,
          InstructionRoutes.SUBMIT,
          InstructionRoutes.FIND,
          OpenApiRoutes.DOCUMENT,
          AuditRoutes.VERIFY_CHAIN,
          AuditRoutes.GAPS,
          AuditRoutes.DUPLICATES,
          ParticipantRoutes.VIEW,
          ParticipantRoutes.SUSPEND,
          ParticipantRoutes.RESUME,
          ParticipantRoutes.LIMITS,
          ParticipantRoutes.ACTIONS,
          ParticipantRoutes.LEDGER,
          ParticipantRoutes.REBUILD,
          ClientRoutes.REVOKE_TOKENS,
          ClusterRoutes.MEMBERS,
          ClusterRoutes.LEAVE,
          ClusterRoutes.DOWN,
          RailCallbackRoutes.MTN_PUT,
          RailCallbackRoutes.MTN_POST,
          RailCallbackRoutes.AIRTEL,
          RailCallbackRoutes.RTGS,
          InterventionRoutes.LIST,
          InterventionRoutes.PROPOSE,
          InterventionRoutes.APPROVE,
          InterventionRoutes.REJECT,
          InterventionRoutes.RECONCILE,
          SupervisorRoutes.GAPS,
          SupervisorRoutes.OVERVIEW,
          SupervisorRoutes.INCIDENTS,
          SupervisorRoutes.INCIDENT,
          DashboardRoutes.DASHBOARD);

  private EdgeRoutes() {}

  public static Route create(EdgeSettings settings, EdgePorts ports) {
    return create(settings, ports, CallbackOutcomes.NONE);
  }

  /** callbackOutcomes: where what became of rail callbacks is counted (the node's metrics). */
  public static Route create(EdgeSettings settings, EdgePorts ports, CallbackOutcomes callbackOutcomes) {
    InstructionGateway gateway = ports.gateway();
    BearerAuth auth = new BearerAuth(ports.verifier(), ports.policy(), ports.tokenVersions());
    IngressAttestation attestation = new IngressAttestation(ports.ledger(), ports.clock(), settings.retryAfter());
    TokenRoutes tokens =
        new TokenRoutes(
            ports.credentials(),
            ports.issuer(),
            ports.policy(),
            new TokenThrottle(settings.token().rateLimit()),
            new Admission(settings.token().maxInFlight()),
            settings.token().verifyTimeout(),
            settings.bodyReadTimeout(),
            settings.retryAfter());
    InstructionRoutes instructions =
        new InstructionRoutes(
            gateway,
            auth,
            new Admission(settings.maxInFlight()),
            new Admission(settings.maxReadsInFlight()),
            new InstructionLimits(
                settings.maxBodyBytes(), settings.bodyReadTimeout(), settings.engineTimeout(), settings.retryAfter()),
            attestation,
            ports.blackhole());

    Map<Endpoint, Function<List<String>, Route>> operations = new HashMap<>();
    operations.putAll(tokens.operations());
    operations.putAll(instructions.operations());
    operations.putAll(OpenApiRoutes.operations());
    operations.putAll(new AuditRoutes(ports.audit(), auth).operations());
    operations.putAll(new ParticipantRoutes(ports.participants(), ports.ledgerReads(), auth, settings.bodyReadTimeout()).operations());
    var callbacks = new CallbackResolver(ports.railKeys(), gateway::railCallback, settings.callbacks(), callbackOutcomes, System::nanoTime);
    operations.putAll(
        new RailCallbackRoutes(callbacks, settings.callbacks(), callbackOutcomes, settings.bodyReadTimeout(), settings.retryAfter()).operations());
    operations.putAll(new ClientRoutes(ports.clients(), auth, settings.bodyReadTimeout(), settings.retryAfter()).operations());
    operations.putAll(new ClusterRoutes(ports.cluster(), auth, settings.bodyReadTimeout()).operations());
    operations.putAll(new DashboardRoutes(auth).operations());
    operations.putAll(new InterventionRoutes(ports.interventions(), ports.reconciliation(), auth, settings.bodyReadTimeout()).operations());
    operations.putAll(new SupervisorRoutes(ports.supervisor(), auth).operations());
    if (!operations.keySet().equals(Set.copyOf(ROUTES)))
      throw new IllegalStateException("ROUTES " + ROUTES + " differ from the operations " + operations.keySet());
    Route[] routes = ROUTES.stream().map(e -> e.route(operations.get(e))).toArray(Route[]::new);
    return sealed(concat(routes[0], Arrays.copyOfRange(routes, 1, routes.length)));
  }

  /**
   * Wraps routes the way the edge answers: X-Request-Id on every response, and every rejection,
   * exception and request timeout rendered as problem+json. For routes added beside {@link #create}.
   */
  public static Route sealed(Route api) {
    return RequestIds.assign(
        requestId ->
            withRequestTimeoutResponse(
                request -> requestTimedOut(request, requestId),
                () -> handleExceptions(EXCEPTIONS, () -> handleRejections(REJECTIONS, () -> api))));
  }

  // Immutable, so built once: building them for every request cost a few per cent of the edge's CPU (P15 profile).
  private static final org.apache.pekko.http.javadsl.server.ExceptionHandler EXCEPTIONS = ProblemExceptionHandler.create();
  private static final org.apache.pekko.http.javadsl.server.RejectionHandler REJECTIONS = ProblemRejectionHandler.create();

  /** pekko's request-timeout answer, made a problem like every other. */
  private static HttpResponse requestTimedOut(HttpRequest request, String requestId) {
    List<HttpHeader> headers =
        List.of(Problems.retryAfter(Duration.ofSeconds(1)), RawHeader.create(RequestIds.HEADER, requestId));
    return ProblemJson.response(
        Problem.of(ProblemCode.REQUEST_TIMEOUT, "the request was not answered in time"),
        request.getUri().path(),
        requestId,
        headers);
  }
}
