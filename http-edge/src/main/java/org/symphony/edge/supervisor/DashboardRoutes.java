package org.symphony.edge.supervisor;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.symphony.edge.auth.BearerAuth;
import org.symphony.edge.auth.Role;
import org.symphony.edge.auth.Scopes;
import org.symphony.edge.http.Endpoint;

/**
 * {@code GET /supervisor/dashboard}: the regulator's page. A browser opening it sends no token, and
 * gets the sign-in shell (it holds no data; the page then signs in and reads /supervisor/* itself). A
 * request that does carry credentials is checked like any supervisor route: 401 when they are not
 * valid, 403 FORBIDDEN_ROLE for another role's token.
 */
public final class DashboardRoutes {

  public static final Endpoint DASHBOARD = new Endpoint("GET", "/supervisor/dashboard");

  private final BearerAuth auth;
  private final HttpResponse page;

  public DashboardRoutes(BearerAuth auth) {
    this(auth, DashboardPage.load());
  }

  public DashboardRoutes(BearerAuth auth, DashboardPage page) {
    this.auth = auth;
    List<HttpHeader> headers =
        page.headers().entrySet().stream().<HttpHeader>map(h -> RawHeader.create(h.getKey(), h.getValue())).toList();
    this.page =
        HttpResponse.create().withStatus(200).withEntity(ContentTypes.TEXT_HTML_UTF8, page.html()).addHeaders(headers);
  }

  public Map<Endpoint, Function<List<String>, Route>> operations() {
    return Map.of(
        DASHBOARD,
        params ->
            optionalHeaderValueByName(
                "Authorization",
                authorization ->
                    authorization.isEmpty()
                        ? complete(page)
                        : auth.require(Role.SUPERVISOR, Scopes.SUPERVISOR_READ, caller -> complete(page))));
  }
}
