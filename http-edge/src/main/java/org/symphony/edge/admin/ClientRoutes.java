package org.symphony.edge.admin;

import static org.apache.pekko.http.javadsl.server.Directives.onComplete;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * {@code POST /admin/clients/{clientId}/revoke-tokens} (operator, admin:write): every token the client
 * holds stops working, on every node within seconds. Supervisors only read, so they cannot; an operator
 * may revoke any client's tokens, another operator's and its own included.
 */
public final class ClientRoutes {

  public static final Endpoint REVOKE_TOKENS = new Endpoint("POST", "/admin/clients/{clientId}/revoke-tokens");

  private static final Logger log = LoggerFactory.getLogger(ClientRoutes.class);
  /** As the token endpoint accepts them. */
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
  private static final long MAX_BODY_BYTES = 16 * 1024;

  private final ClientAdmin admin;
  private final BearerAuth auth;
  private final Duration bodyReadTimeout;
  private final Duration retryAfter;

  public ClientRoutes(ClientAdmin admin, BearerAuth auth, Duration bodyReadTimeout, Duration retryAfter) {
    this.admin = admin;
    this.auth = auth;
    this.bodyReadTimeout = bodyReadTimeout;
    this.retryAfter = retryAfter;
  }

  public Map<Endpoint, Function<List<String>, Route>> operations() {
    return Map.of(REVOKE_TOKENS, p -> auth.require(Role.OPERATOR, Scopes.ADMIN_WRITE, caller -> revoke(caller, p.get(0))));
  }

  private Route revoke(Caller caller, String clientId) {
    if (!CLIENT_ID.matcher(clientId).matches())
      return Problems.complete(Problem.of(ProblemCode.FIELD_INVALID, "clientId must be 1-128 of A-Z a-z 0-9 . _ : @ -"));
    return JsonAnswers.object(MAX_BODY_BYTES, bodyReadTimeout, json -> OperatorReason.required(json, text ->
      onComplete(admin.revokeTokens(clientId, caller.subject(), text), result -> {
        if (result.isFailure()) {
          log.warn("tokens of client {} could not be revoked: {}", clientId, result.failed().get().toString());
          return Problems.complete(
              Problem.of(ProblemCode.CREDENTIALS_UNAVAILABLE, "the client store could not be reached; nothing was revoked"),
              Problems.retryAfter(retryAfter));
        }
        if (result.get().isEmpty())
          return Problems.complete(Problem.of(ProblemCode.CLIENT_NOT_FOUND, "no client " + clientId));
        ClientAdmin.TokensRevoked revoked = result.get().get();
        log.warn("tokens of client {} revoked by {} (now version {}): {}",
            clientId, revoked.revokedBy(), revoked.tokenVersion(), revoked.reason());
        ObjectNode body = Json.object();
        body.put("clientId", revoked.clientId());
        body.put("tokenVersion", revoked.tokenVersion());
        body.put("revokedBy", revoked.revokedBy());
        body.put("reason", revoked.reason());
        body.put("revokedAt", revoked.revokedAt().toString());
        return JsonAnswers.json(body);
      })));
  }
}
