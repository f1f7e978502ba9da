package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens signed by the node's own key are still refused without the edge's audience, with another
 * audience, or with a lifetime far above the maximum (exp = now + 10 years); an operator's tokens are
 * refused within seconds of their revocation, and a new token works.
 */
class TokenClaimsNodeTest {

  @TempDir static Path home;
  private static SymphonyNode node;
  private static EdgeClient edge;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    node = SymphonyNode.start(TestNodes.options(home));
    edge = new EdgeClient(node.edgeUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  @Test
  void tokensWithoutOrWithAForeignAudienceOrAnOverlongLifetimeAreRefused() throws Exception {
    String real = edge.token(node.credentials().operator());
    assertEquals(200, view(real).statusCode(), "the real token works");
    assertEquals(200, view(resigned(real, c -> c)).statusCode(), "re-signing alone changes nothing");

    assertRefused(view(resigned(real, c -> c.audience((String) null))), "TOKEN_INVALID");
    assertRefused(view(resigned(real, c -> c.audience("some-other-service"))), "TOKEN_INVALID");
    Instant now = Instant.now();
    assertRefused(
        view(resigned(real, c -> c.issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofDays(3650)))))),
        "TOKEN_INVALID");
    assertRefused(view(resigned(real, c -> c.issueTime(null))), "TOKEN_INVALID");
  }

  @Test
  void anOperatorsRevokedTokenIsRefusedWithinSecondsAndANewOneWorks() throws Exception {
    DevCredentials.Client second = node.credentials().secondOperator();
    String old = edge.token(second);
    assertEquals(200, view(old).statusCode());
    String first = edge.token(node.credentials().operator());

    var revoked = send("POST", "/admin/clients/" + second.clientId() + "/revoke-tokens", first, "{\"reason\":\"laptop lost\"}");
    assertEquals(200, revoked.statusCode(), revoked.body());
    assertEquals("operator", EdgeClient.JSON.readTree(revoked.body()).path("revokedBy").asText());

    Await.until(Duration.ofSeconds(10), () -> view(old).statusCode() == 401, () -> "revoked token refused");
    assertRefused(view(old), "TOKEN_REVOKED");
    assertEquals(200, view(edge.token(second)).statusCode(), "a token issued after the revocation works");
    assertEquals(200, view(first).statusCode(), "the other operator's token is untouched");

    var unknown = send("POST", "/admin/clients/no-such-client/revoke-tokens", first, "{\"reason\":\"typo\"}");
    assertEquals(404, unknown.statusCode());
    assertEquals("CLIENT_NOT_FOUND", EdgeClient.JSON.readTree(unknown.body()).path("code").asText());
    String supervisor = edge.token(node.credentials().supervisor());
    assertEquals(403, send("POST", "/admin/clients/operator/revoke-tokens", supervisor, "{\"reason\":\"x\"}").statusCode(),
        "a supervisor cannot revoke");
  }

  private static void assertRefused(HttpResponse<String> response, String code) throws Exception {
    assertEquals(401, response.statusCode(), response.body());
    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    assertEquals(code, EdgeClient.JSON.readTree(response.body()).path("code").asText());
  }

  /** The real token's claims, edited and signed again with the node's own key. */
  private static String resigned(String token, UnaryOperator<JWTClaimsSet.Builder> edit) throws Exception {
    Path keyFile = Path.of(node.system().settings().config().getString("symphony.edge.token.key-file"));
    ECKey key = ECKey.parse(Files.readString(keyFile));
    SignedJWT original = SignedJWT.parse(token);
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).type(original.getHeader().getType()).keyID(key.getKeyID()).build(),
            edit.apply(new JWTClaimsSet.Builder(original.getJWTClaimsSet())).build());
    forged.sign(new ECDSASigner(key));
    return forged.serialize();
  }

  private static HttpResponse<String> view(String token) throws Exception {
    return send("GET", "/admin/participants/" + node.credentials().participants().get(0).subject(), token, null);
  }

  private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.edgeUrl() + path)).header("Authorization", "Bearer " + token);
    b = body == null
        ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
