package org.symphony.edge.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * {@code GET /admin/cluster/members} (operator, admin:read) and {@code POST /admin/cluster/members/{address}/leave}
 * and {@code …/down} (operator, admin:write, with a reason): membership changes need an operator token; each is logged
 * with who asked and why.
 */
public final class ClusterRoutes {

  public static final Endpoint MEMBERS = new Endpoint("GET", "/admin/cluster/members");
  public static final Endpoint LEAVE = new Endpoint("POST", "/admin/cluster/members/{address}/leave");
  public static final Endpoint DOWN = new Endpoint("POST", "/admin/cluster/members/{address}/down");

  private static final Logger log = LoggerFactory.getLogger(ClusterRoutes.class);
  /** pekko://system@host:port, or host:port. */
  private static final Pattern ADDRESS = Pattern.compile("(pekko://[A-Za-z0-9_-]{1,64}@)?[A-Za-z0-9.\\-\\[\\]:]{1,255}:[0-9]{1,5}");
  private static final long MAX_BODY_BYTES = 16 * 1024;

  private final ClusterAdmin admin;
  private final BearerAuth auth;
  private final Duration bodyReadTimeout;

  public ClusterRoutes(ClusterAdmin admin, BearerAuth auth, Duration bodyReadTimeout) {
    this.admin = admin;
    this.auth = auth;
    this.bodyReadTimeout = bodyReadTimeout;
  }

  public Map<Endpoint, Function<List<String>, Route>> operations() {
    return Map.of(
        MEMBERS, p -> auth.require(Role.OPERATOR, Scopes.ADMIN_READ, caller -> members()),
        LEAVE, p -> auth.require(Role.OPERATOR, Scopes.ADMIN_WRITE, caller -> change(caller, p.get(0), "leave")),
        DOWN, p -> auth.require(Role.OPERATOR, Scopes.ADMIN_WRITE, caller -> change(caller, p.get(0), "down")));
  }

  private Route members() {
    ObjectNode body = Json.object();
    ArrayNode members = body.putArray("members");
    admin.members().forEach(m -> members.add(json(m)));
    return JsonAnswers.json(body);
  }

  private Route change(Caller caller, String address, String action) {
    if (!ADDRESS.matcher(address).matches())
      return Problems.complete(Problem.of(ProblemCode.FIELD_INVALID, "address must be a member's pekko://system@host:port or host:port"));
    return JsonAnswers.object(MAX_BODY_BYTES, bodyReadTimeout, json -> OperatorReason.required(json, text -> {
      Optional<ClusterAdmin.Member> member =
          action.equals("leave") ? admin.leave(address, caller.subject(), text) : admin.down(address, caller.subject(), text);
      if (member.isEmpty()) return Problems.complete(Problem.of(ProblemCode.MEMBER_NOT_FOUND, "no cluster member " + address));
      log.warn("cluster member {} asked to {} by operator {}: {}", member.get().address(), action, caller.subject(), text);
      ObjectNode body = json(member.get());
      body.put("action", action);
      body.put("requestedBy", caller.subject());
      body.put("reason", text);
      return JsonAnswers.json(body);
    }));
  }

  private static ObjectNode json(ClusterAdmin.Member m) {
    ObjectNode node = Json.object();
    node.put("address", m.address());
    node.put("status", m.status());
    node.put("reachable", m.reachable());
    ArrayNode roles = node.putArray("roles");
    m.roles().forEach(roles::add);
    return node;
  }
}
