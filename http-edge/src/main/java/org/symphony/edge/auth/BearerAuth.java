package org.symphony.edge.auth;

import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;
import org.symphony.edge.problem.Problems;

/**
 * The bearer-token directive: 401 TOKEN_MISSING / TOKEN_INVALID / TOKEN_EXPIRED / TOKEN_POLICY_STALE
 * (a participant token older than its policy) / TOKEN_REVOKED (issued before its client's tokens were
 * revoked) with an RFC 6750 challenge, 403 FORBIDDEN_ROLE when role or scope do not fit. The inner
 * route gets the verified {@link Caller}; identity is never read from anywhere else. Each request's
 * token is verified once: whoever needs the identity of a refused request gets it from here.
 */
public final class BearerAuth {

  private static final Logger log = LoggerFactory.getLogger(BearerAuth.class);
  private static final String REALM = "symphony";

  private final TokenVerifier verifier;
  private final CurrentPolicyVersions policy;
  private final CurrentTokenVersions tokenVersions;

  public BearerAuth(TokenVerifier verifier, CurrentPolicyVersions policy, CurrentTokenVersions tokenVersions) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.tokenVersions = Objects.requireNonNull(tokenVersions, "tokenVersions");
  }

  public Route require(Role role, String scope, Function<Caller, Route> inner) {
    return require(role, scope, caller -> {}, inner);
  }

  /**
   * As {@link #require(Role, String, Function)}; identified hears of every caller whose token verified,
   * also when it is then refused (stale, revoked, wrong role), so a refusal can be recorded with its
   * identity without verifying the token a second time.
   */
  public Route require(Role role, String scope, Consumer<Caller> identified, Function<Caller, Route> inner) {
    return extractRequest(
        request -> {
          Optional<String> token = bearerToken(request);
          if (token.isEmpty())
            return Problems.complete(
                Problem.of(ProblemCode.TOKEN_MISSING, "send Authorization: Bearer <access token>"),
                challenge(null));
          TokenCheck check = verifier.verify(token.get());
          if (check instanceof TokenCheck.Valid valid) {
            Caller caller = valid.caller();
            identified.accept(caller);
            if (caller.tokenVersion() < tokenVersions.current(caller.clientId()))
              return Problems.complete(
                  Problem.of(ProblemCode.TOKEN_REVOKED,
                      "this client's tokens were revoked after this one was issued; request a new token"),
                  challenge("invalid_token"));
            if (caller.role() == Role.PARTICIPANT && caller.policyVersion() < policy.current(caller.subject()))
              return Problems.complete(
                  Problem.of(ProblemCode.TOKEN_POLICY_STALE,
                      "the participant's policy changed after this token was issued; request a new token"),
                  challenge("invalid_token"));
            if (caller.may(role, scope)) return inner.apply(caller);
            return Problems.complete(
                Problem.of(ProblemCode.FORBIDDEN_ROLE, "requires role " + role.claim() + " with scope " + scope),
                challenge("insufficient_scope"));
          }
          if (check instanceof TokenCheck.Expired expired)
            return Problems.complete(
                Problem.of(ProblemCode.TOKEN_EXPIRED, "the access token expired at " + expired.expiredAt()),
                challenge("invalid_token"));
          log.debug("bearer token refused: {}", ((TokenCheck.Invalid) check).reason());
          return Problems.complete(
              Problem.of(ProblemCode.TOKEN_INVALID, "the access token is not valid here"),
              challenge("invalid_token"));
        });
  }

  static Optional<String> bearerToken(HttpRequest request) {
    return request
        .getHeader("Authorization")
        .map(HttpHeader::value)
        .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(v -> v.substring(7).trim())
        .filter(t -> !t.isEmpty());
  }

  private static HttpHeader challenge(String error) {
    String value = "Bearer realm=\"" + REALM + "\"" + (error == null ? "" : ", error=\"" + error + "\"");
    return RawHeader.create("WWW-Authenticate", value);
  }
}
