package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership changes on a real node: management's own cluster routes only read (a DELETE or PUT there changes
 * nothing); an operator token on the edge lists the members and makes one leave, after which it stops.
 */
class ClusterAdminNodeTest {

  @TempDir Path home;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void membershipChangesNeedTheOperatorTokenAndManagementOnlyReads() throws Exception {
    SymphonyNode node = SymphonyNode.start(TestNodes.options(home));
    try {
      String management = node.managementUrl().replaceAll("/$", "");
      var edge = new EdgeClient(node.edgeUrl());
      String operator = edge.token(node.credentials().operators().get(0));
      String participant = edge.token(node.credentials().participants().get(0));

      JsonNode members = EdgeClient.JSON.readTree(send("GET", node.edgeUrl() + "/admin/cluster/members", operator, null).body());
      assertEquals(1, members.path("members").size(), members.toString());
      String self = members.path("members").get(0).path("address").asText();
      assertEquals("Up", members.path("members").get(0).path("status").asText());
      String encoded = URLEncoder.encode(self, StandardCharsets.UTF_8);

      // Management is read-only: no leave, no down without a token.
      for (String method : new String[] {"DELETE", "PUT"}) {
        var refused = send(method, management + "/cluster/members/" + encoded, null, "operation=Leave");
        assertTrue(refused.statusCode() >= 400, method + " on management must not change membership: " + refused.statusCode());
      }
      assertEquals(403, send("POST", node.edgeUrl() + "/admin/cluster/members/" + encoded + "/leave", participant,
          "{\"reason\":\"x\"}").statusCode());
      assertEquals("Up", EdgeClient.JSON.readTree(send("GET", node.edgeUrl() + "/admin/cluster/members", operator, null).body())
          .path("members").get(0).path("status").asText(), "still Up after the refused requests");

      var leave = send("POST", node.edgeUrl() + "/admin/cluster/members/" + encoded + "/leave", operator,
          "{\"reason\":\"maintenance\"}");
      assertEquals(200, leave.statusCode(), leave.body());
      // A member that left stops: its actor system terminates (coordinated shutdown), the process would exit.
      node.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } finally {
      node.close();
    }
  }

  private HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) b.header("Content-Type", body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded");
    if (token != null) b.header("Authorization", "Bearer " + token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
