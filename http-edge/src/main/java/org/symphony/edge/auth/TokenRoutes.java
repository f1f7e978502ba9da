package org.symphony.edge.auth;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.edge.http.PeerAddress;
import org.symphony.edge.http.Admission;
import org.symphony.edge.http.Endpoint;
import org.symphony.edge.http.Json;
import org.symphony.edge.http.Stages;
import org.symphony.edge.problem.Checked;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;
import org.symphony.edge.problem.Problems;
import org.symphony.edge.problem.StrictBody;

/**
 * {@code POST /v1/oauth/token}: the client-credentials grant, answering a signed ES256 access token.
 * Rate limits ({@link TokenThrottle}: 429 TOKEN_RATE_LIMITED) come before the in-flight cap (503
 * OVERLOADED), which comes before the secret is checked.
 */
public final class TokenRoutes {

  public static final Endpoint TOKEN = new Endpoint("POST", "/v1/oauth/token");

  /** A token request is two short parameters; anything near this size is not one. */
  public static final long MAX_FORM_BYTES = 4096;

  private static final Logger log = LoggerFactory.getLogger(TokenRoutes.class);

  private final ClientCredentialsVerifier credentials;
  private final TokenIssuer issuer;
  private final CurrentPolicyVersions policy;
  private final TokenThrottle throttle;
  private final Admission admission;
  private final Duration verifyTimeout;
  private final Duration bodyReadTimeout;
  private final Duration retryAfter;

  public TokenRoutes(
      ClientCredentialsVerifier credentials,
      TokenIssuer issuer,
      CurrentPolicyVersions policy,
      TokenThrottle throttle,
      Admission admission,
      Duration verifyTimeout,
      Duration bodyReadTimeout,
      Duration retryAfter) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
    this.admission = Objects.requireNonNull(admission, "admission");
    this.verifyTimeout = Objects.requireNonNull(verifyTimeout, "verifyTimeout");
    this.bodyReadTimeout = Objects.requireNonNull(bodyReadTimeout, "bodyReadTimeout");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** The operations of this class by endpoint; inner functions get the path parameters. */
  public Map<Endpoint, Function<List<String>, Route>> operations() {
    return Map.of(TOKEN, params -> token());
  }

  private Route token() {
    return extractRequest(
        request -> {
          if (!isForm(request))
            return Problems.complete(
                Problem.of(
                    ProblemCode.UNSUPPORTED_MEDIA_TYPE, "send the token request as application/x-www-form-urlencoded"));
          return StrictBody.read(MAX_FORM_BYTES, bodyReadTimeout, entity -> token(request, entity));
        });
  }

  private Route token(HttpRequest request, HttpEntity.Strict entity) {
    Optional<String> authorization = request.getHeader("Authorization").map(HttpHeader::value);
    Checked<TokenRequest> parsed = TokenRequest.parse(entity.getData().utf8String(), authorization);
    if (parsed instanceof Checked.Refused<TokenRequest> refused)
      return refused.problem().code().equals(ProblemCode.INVALID_CLIENT.name())
          ? Problems.complete(refused.problem(), basicChallenge())
          : Problems.complete(refused.problem());
    TokenRequest tokenRequest = ((Checked.Ok<TokenRequest>) parsed).value();

    TokenThrottle.Decision decision = throttle.admit(PeerAddress.of(request), tokenRequest.clientId());
    if (decision instanceof TokenThrottle.Refused refused)
      return Problems.complete(
          Problem.of(ProblemCode.TOKEN_RATE_LIMITED, "too many token requests from this address or for this client")
              .with("error", "invalid_request"),
          Problems.retryAfter(refused.retryAfter()));
    TokenThrottle.Ticket ticket = ((TokenThrottle.Admitted) decision).ticket();
    Optional<Admission.Permit> permit = admission.tryAcquire();
    if (permit.isEmpty()) {
      ticket.undecided();
      return Problems.complete(
          Problem.of(ProblemCode.OVERLOADED, "too many token requests in progress"),
          Problems.retryAfter(retryAfter));
    }
    CompletionStage<Verified> verified =
        Stages.within(
                Stages.guard(() -> credentials.verify(tokenRequest.clientId(), tokenRequest.secret())),
                verifyTimeout)
            .whenComplete(
                (client, error) -> {
                  permit.get().release();
                  if (error != null) ticket.undecided();
                  else if (client.isPresent()) ticket.succeeded();
                  else ticket.failed();
                })
            .handle(
                (client, error) -> {
                  if (error == null) return new Verified(client, null);
                  return new Verified(Optional.empty(), Stages.unwrap(error));
                });
    return onSuccess(verified, outcome -> answer(tokenRequest, outcome));
  }

  private record Verified(Optional<ApiClient> client, Throwable error) {}

  private Route answer(TokenRequest request, Verified outcome) {
    if (outcome.error() != null) {
      log.warn("client credentials could not be checked: {}", outcome.error().toString());
      return Problems.complete(
          Problem.of(ProblemCode.CREDENTIALS_UNAVAILABLE, "client credentials cannot be checked now; retry later"),
          Problems.retryAfter(retryAfter));
    }
    if (outcome.client() == null || outcome.client().isEmpty()) {
      log.info("token refused for client id {}", request.clientId().replaceAll("[^A-Za-z0-9._:@-]", "?"));
      return Problems.complete(TokenRequest.invalidClient(), basicChallenge());
    }
    ApiClient client = outcome.client().get();
    // A participant's token carries its current policy version; operators' have no participant policy.
    long pv = client.role() == Role.PARTICIPANT ? policy.current(client.subject()) : CurrentPolicyVersions.INITIAL;
    IssuedToken token = issuer.issue(client, pv);
    ObjectNode body = Json.object();
    body.put("access_token", token.accessToken());
    body.put("token_type", "Bearer");
    body.put("expires_in", token.expiresInSeconds());
    body.put("scope", token.scope());
    return complete(
        HttpResponse.create()
            .withStatus(StatusCodes.OK)
            // RFC 6749 §5.1: tokens must not be cached
            .addHeader(CacheControl.create(CacheDirectives.NO_STORE))
            .addHeader(RawHeader.create("Pragma", "no-cache"))
            .withEntity(ContentTypes.APPLICATION_JSON, Json.bytes(body)));
  }

  private static boolean isForm(HttpRequest request) {
    var mediaType = request.entity().getContentType().mediaType();
    return mediaType.mainType().equals("application") && mediaType.subType().equals("x-www-form-urlencoded");
  }

  private static HttpHeader basicChallenge() {
    return RawHeader.create("WWW-Authenticate", "Basic realm=\"symphony\"");
  }
}
