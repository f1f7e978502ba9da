package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security review's hostile inputs, against a real node: forged tokens, hostile JSON, hostile XML and
 * oversized or malformed requests each get a 4xx problem+json, never a 500 or a hang — and the node still
 * accepts a genuine payment afterwards.
 */
class HostileInputsNodeTest {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final String VALID = EdgeClient.body("1.00", "+260961234567", "HOSTILE");

  @TempDir static Path home;
  private static SymphonyNode node;
  private static String token;
  private static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();

  private record Probe(String name, HttpRequest request) {}

  @BeforeAll
  static void start() throws Exception {
    node = SymphonyNode.start(TestNodes.options(home));
    token = new EdgeClient(node.edgeUrl()).token(node.credentials().participants().get(0));
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  @Test
  void everyHostileInputGetsAProblemNeverA500AndTheNodeStillServes() throws Exception {
    List<Probe> probes = probes();
    List<String> failures = new ArrayList<>();
    for (Probe probe : probes) {
      HttpResponse<String> response;
      try {
        response = http.send(probe.request(), HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException closed) {
        failures.add(probe.name() + ": connection failed (" + closed + ")");
        continue;
      }
      int status = response.statusCode();
      String type = response.headers().firstValue("Content-Type").orElse("");
      if (status < 400 || status >= 500) failures.add(probe.name() + ": " + status + " " + abbreviate(response.body()));
      else if (!type.startsWith("application/problem+json")) failures.add(probe.name() + ": " + status + " as " + type);
    }
    assertTrue(probes.size() >= 40, "the review's forty probes, at least");
    assertEquals(List.of(), failures, "each hostile input is a 4xx problem");

    var genuine = new EdgeClient(node.edgeUrl()).submit(token, "after-the-probes", VALID).get();
    assertEquals(202, genuine.statusCode(), genuine.body());
  }

  /**
   * A 10 MB header is refused with a 4xx problem as soon as it passes the parser's limit, while the client is still
   * sending it. The node then closes without reading the rest, and the unread bytes make its TCP stack reset the
   * connection: a client that reads only after writing everything (java.net.http does) may lose the answer to the
   * reset. So this probe reads while it writes, as a browser or curl does.
   */
  @Test
  void aTenMegabyteHeaderIsRefusedWithAProblemWhileItIsStillBeingSent() throws Exception {
    URI uri = URI.create(node.edgeUrl());
    String head = "POST /v1/instructions HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nAuthorization: Bearer "
        + token + "\r\nContent-Type: application/json\r\nIdempotency-Key: hdr\r\nX-Filler: ";
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      Thread writer = new Thread(() -> {
        try {
          var out = socket.getOutputStream();
          out.write(head.getBytes(StandardCharsets.US_ASCII));
          byte[] filler = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
          for (int sent = 0; sent < 10 * 1024 * 1024; sent += filler.length) out.write(filler);
          out.write(("\r\n\r\n" + VALID).getBytes(StandardCharsets.US_ASCII));
        } catch (java.io.IOException refused) {
          // expected: the node stops reading once it has answered
        }
      }, "ten-megabyte-header");
      writer.setDaemon(true);
      writer.start();
      var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String status = in.readLine();
      assertTrue(status != null && status.matches("HTTP/1\\.1 4\\d\\d .*"), "a 4xx status line: " + status);
      String type = null;
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine())
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) type = line.substring(13).trim();
      assertTrue(type != null && type.startsWith("application/problem+json"), "a problem: " + type);
    }
    var genuine = new EdgeClient(node.edgeUrl()).submit(token, "after-the-header", VALID).get();
    assertEquals(202, genuine.statusCode(), genuine.body());
  }

  private static List<Probe> probes() throws Exception {
    List<Probe> p = new ArrayList<>();
    // Forged and mangled tokens.
    p.add(submit("alg none", unsigned(token)));
    p.add(submit("HS256 keyed with the public key", hs256(token, publicKeyJson().getBytes(StandardCharsets.UTF_8))));
    p.add(submit("HS256 keyed with a guess", hs256(token, "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8))));
    p.add(submit("edited subject", editClaims(token, c -> c.replaceFirst("\"sub\":\"[^\"]*\"", "\"sub\":\"bank-ndola-02\""))));
    p.add(submit("edited scope", editClaims(token, c -> c.replaceFirst("\"scope\":\"[^\"]*\"", "\"scope\":\"operator supervisor\""))));
    p.add(submit("edited expiry", editClaims(token, c -> c.replaceFirst("\"exp\":\\d+", "\"exp\":99999999999"))));
    p.add(submit("flipped signature", flipSignature(token)));
    p.add(submit("unknown kid", signedByForeignKey(token, "no-such-key", false)));
    p.add(submit("foreign key claiming the node's kid", signedByForeignKey(token, kid(token), false)));
    p.add(submit("embedded jwk", signedByForeignKey(token, kid(token), true)));
    p.add(submit("signature stripped", token.substring(0, token.lastIndexOf('.') + 1)));
    p.add(submit("two parts only", token.substring(0, token.lastIndexOf('.'))));
    p.add(submit("garbage", "not.a.jwt"));
    p.add(submit("empty bearer", ""));
    p.add(submit("100 kB token", "a".repeat(100_000)));
    p.add(submit("header with a huge number", withHeader(token, "{\"alg\":\"ES256\",\"kid\":\"" + kid(token) + "\",\"x\":" + "9".repeat(5000) + "}")));
    p.add(submit("claims nested 10,000 deep", editClaims(token, c -> c.replaceFirst("\\{", "{\"n\":" + "[".repeat(10_000) + "]".repeat(10_000) + ","))));
    // Hostile JSON bodies from a genuine participant.
    p.add(body("amount as a 5,000-digit number", "{\"amount\":{\"value\":" + "9".repeat(5000) + ",\"currency\":\"ZMW\"},\"creditor\":{\"msisdn\":\"+260961234567\"}}"));
    p.add(body("amount 1e999999999", VALID.replace("\"1.00\"", "\"1e999999999\"")));
    p.add(body("amount with 5,000 digits as a string", VALID.replace("\"1.00\"", "\"" + "9".repeat(5000) + ".00\"")));
    p.add(body("nested 10,000 deep", "{\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"));
    p.add(body("duplicate keys", "{\"amount\":{\"value\":\"1.00\",\"currency\":\"ZMW\"},\"amount\":{\"value\":\"900.00\",\"currency\":\"ZMW\"},\"creditor\":{\"msisdn\":\"+260961234567\"}}"));
    p.add(body("homoglyph currency (Cyrillic M)", VALID.replace("\"ZMW\"", "\"Z\u041cW\"")));
    p.add(body("full-width digits in the MSISDN", VALID.replace("+260961234567", "+２６０９６１２３４５６７")));
    p.add(body("NUL in the reference", VALID.replace("HOSTILE", "HOS\\u0000TILE")));
    p.add(body("bidi override in the reference", VALID.replace("HOSTILE", "HOS\\u202eTILE")));
    p.add(body("lone surrogate in the reference", VALID.replace("HOSTILE", "HOS\\ud800TILE")));
    p.add(body("invalid UTF-8", new String(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}, StandardCharsets.ISO_8859_1)));
    p.add(body("10,000 unknown fields", "{" + "\"f\":1,".repeat(10_000) + "\"amount\":{\"value\":\"1.00\",\"currency\":\"ZMW\"}}"));
    p.add(body("body over the limit", VALID.replace("HOSTILE", "x".repeat(64 * 1024))));
    p.add(body("JSON null", "null"));
    p.add(body("byte-order mark then JSON", "\uFEFF" + VALID.replace("1.00", "-1.00")));
    // Oversized and malformed requests.
    p.add(new Probe("SQL in the instruction id", edge("/v1/instructions/%27%3B%20DROP%20TABLE%20event_journal%3B--")
        .header("Authorization", "Bearer " + token).GET().build()));
    p.add(new Probe("path traversal to admin", edge("/v1/instructions/..%2F..%2Fadmin%2Fparticipants")
        .header("Authorization", "Bearer " + token).GET().build()));
    p.add(new Probe("participant token on the admin API", edge("/admin/participants").header("Authorization", "Bearer " + token).GET().build()));
    p.add(new Probe("Idempotency-Key with unicode", edge("/v1/instructions").header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").header("Idempotency-Key", "k\u00e9y").POST(HttpRequest.BodyPublishers.ofString(VALID)).build()));
    p.add(tokenRequest("token: password grant", "grant_type=password&username=a&password=b"));
    p.add(tokenRequest("token: 100 kB client id", "grant_type=client_credentials&client_id=" + "a".repeat(100_000) + "&client_secret=x"));
    p.add(tokenRequest("token: NUL in the client id", "grant_type=client_credentials&client_id=a%00b&client_secret=x"));
    p.add(new Probe("token: malformed Basic", edge("/v1/oauth/token").header("Authorization", "Basic !!!not-base64!!!")
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build()));
    // Hostile callbacks (unauthenticated by design: each is only a hint).
    p.add(callback("MTN: not a UUID", "/v1/callbacks/mtn-momo", "application/json", "{\"externalId\":\"../../etc/passwd\"}"));
    p.add(callback("MTN: nested 10,000 deep", "/v1/callbacks/mtn-momo", "application/json", "{\"externalId\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"));
    p.add(callback("Airtel: malformed JSON", "/v1/callbacks/airtel-money", "application/json", "{\"transaction\":{\"id\":"));
    p.add(callback("RTGS: XXE", "/v1/callbacks/rtgs", "application/xml",
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Document>&x;</Document>"));
    p.add(callback("RTGS: billion laughs", "/v1/callbacks/rtgs", "application/xml", billionLaughs()));
    p.add(callback("RTGS: not XML", "/v1/callbacks/rtgs", "application/xml", "<<<>>>"));
    return p;
  }

  private static Probe submit(String name, String bearer) {
    return new Probe(name, edge("/v1/instructions").header("Authorization", "Bearer " + bearer)
        .header("Content-Type", "application/json").header("Idempotency-Key", "hostile-" + UUID.randomUUID())
        .POST(HttpRequest.BodyPublishers.ofString(VALID)).build());
  }

  private static Probe body(String name, String body) {
    return new Probe(name, edge("/v1/instructions").header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").header("Idempotency-Key", "hostile-" + UUID.randomUUID())
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
  }

  private static Probe tokenRequest(String name, String form) {
    return new Probe(name, edge("/v1/oauth/token").header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build());
  }

  private static Probe callback(String name, String path, String type, String body) {
    return new Probe(name, edge(path).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static HttpRequest.Builder edge(String path) {
    return HttpRequest.newBuilder(URI.create(node.edgeUrl() + path)).timeout(Duration.ofSeconds(60));
  }

  private static String kid(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getHeader().getKeyID();
  }

  /** What an attacker knows: the token signing key's public half (read here from the node's key file). */
  private static String publicKeyJson() throws Exception {
    return org.symphony.edge.auth.JwtKeys.loadOrCreate(java.util.Optional.of(keyFile())).publicJwk().toJSONString();
  }

  private static Path keyFile() throws Exception {
    try (var files = java.nio.file.Files.walk(home)) {
      return files.filter(f -> f.getFileName().toString().equals("jwt-es256.jwk")).findFirst().orElseThrow();
    }
  }

  private static String unsigned(String jwt) {
    String[] parts = jwt.split("\\.");
    return B64.encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
  }

  private static String hs256(String jwt, byte[] secret) throws Exception {
    SignedJWT real = SignedJWT.parse(jwt);
    byte[] key = secret.length >= 32 ? secret : java.util.Arrays.copyOf(secret, 32);
    SignedJWT forged = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).keyID(real.getHeader().getKeyID()).build(),
        real.getJWTClaimsSet());
    forged.sign(new MACSigner(key));
    return forged.serialize();
  }

  private static String editClaims(String jwt, Function<String, String> edit) {
    String[] parts = jwt.split("\\.");
    String claims = edit.apply(new String(B64D.decode(parts[1]), StandardCharsets.UTF_8));
    return parts[0] + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
  }

  private static String withHeader(String jwt, String header) {
    String[] parts = jwt.split("\\.");
    return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2];
  }

  private static String flipSignature(String jwt) {
    byte[] signature = B64D.decode(jwt.substring(jwt.lastIndexOf('.') + 1));
    signature[signature.length / 2] ^= 0x01;
    return jwt.substring(0, jwt.lastIndexOf('.') + 1) + B64.encodeToString(signature);
  }

  /** The genuine claims, signed by an attacker's own key (optionally shipped in the header as a jwk). */
  private static String signedByForeignKey(String jwt, String keyId, boolean embedJwk) throws Exception {
    ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
    JWTClaimsSet claims = new JWTClaimsSet.Builder(SignedJWT.parse(jwt).getJWTClaimsSet())
        .expirationTime(new Date(System.currentTimeMillis() + 600_000)).build();
    var header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt")).keyID(keyId);
    if (embedJwk) header.jwk(attacker.toPublicJWK());
    SignedJWT forged = new SignedJWT(header.build(), claims);
    forged.sign(new ECDSASigner(attacker));
    return forged.serialize();
  }

  private static String billionLaughs() {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    String previous = "lol";
    for (int i = 1; i <= 9; i++) {
      xml.append("<!ENTITY lol").append(i).append(" \"").append(("&" + previous + ";").repeat(10)).append("\">");
      previous = "lol" + i;
    }
    return xml.append("]><Document>&").append(previous).append(";</Document>").toString();
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
