package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.checkpoint.Checkpoint;
import org.symphony.audit.checkpoint.CheckpointKeys;
import org.symphony.audit.checkpoint.CheckpointSigner;
import org.symphony.audit.checkpoint.Checkpoints;
import org.symphony.audit.checkpoint.SignedHeadFile;
import org.symphony.persistence.DatabaseSettings;
import org.symphony.persistence.SymphonyDatabase;
import picocli.CommandLine;

/**
 * P12 finding 2 against a real node: the tail of the attestation chain is cut with the database's superuser while
 * the node is stopped. The signed head the node published outside the database names the cut; without it, a cut
 * that leaves more rows than the checkpoint cadence unsigned is still caught; a checkpoint signed by a key that was
 * only registered in the database vouches for nothing; the node's own verify endpoint sees the cut after a restart.
 *
 * <p>One node run fills a home (a few hundred rows, a checkpoint every {@value #CADENCE_ROWS} rows) and stops
 * cleanly; each test tampers with its own copy of that home.
 */
class ChainCutNodeTest {

  private static final int CADENCE_ROWS = 50;
  private static final int SUBMISSIONS = 300;
  /** Where the node publishes its signed chain head, in its home. */
  private static final String HEAD_FILE = SignedHeadFile.DEFAULT_NAME;

  @TempDir static Path original;
  @TempDir Path home;
  /** The signed-head gauge as scraped while the node ran. */
  private static double signedHeadGauge;

  @BeforeAll
  static void runANodeAndStopIt() throws Exception {
    try (SymphonyNode node = SymphonyNode.start(options(original))) {
      var edge = new EdgeClient(node.edgeUrl());
      String token = edge.token(node.credentials().participants().get(0));
      for (int wave = 0; wave < SUBMISSIONS / 50; wave++) {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          int n = wave * 50 + i;
          // Mostly refusals (each still a chain row), some real instructions: the chain, not the rails, is under test.
          String body = n % 5 == 0 ? EdgeClient.body("1.00", "+260961234567", "CUT-" + n) : "{broken";
          calls.add(edge.submit(token, "cut-" + n, body));
        }
        for (var c : calls) c.get();
      }
      String metrics = node.metricsUrl().orElseThrow();
      Await.until(Duration.ofSeconds(30), () -> scrapedSignedHead(metrics) == node.audit().signedHeadSeq(),
          () -> "the gauge shows the signed head " + node.audit().signedHeadSeq());
      signedHeadGauge = scrapedSignedHead(metrics);
    } // graceful stop: the head is signed
  }

  @Test
  void everySignedHeadIsPublishedOutsideTheDatabaseTheLastOneOnShutdown() throws Exception {
    assertTrue(signedHeadGauge >= SUBMISSIONS - CADENCE_ROWS && signedHeadGauge % CADENCE_ROWS == 0,
        "checkpoints fall every " + CADENCE_ROWS + " rows: " + signedHeadGauge);
    copyHome();
    Checkpoint published = SignedHeadFile.read(home.resolve(HEAD_FILE));
    assertTrue(published.isSignedBy(CheckpointKeys.load(home.resolve("keys").resolve(CheckpointKeys.DEFAULT_FILE_NAME)).publicKey()));
    try (SymphonyDatabase db = superuserOfStoppedNode(home)) {
      long rows = number(db, "select max(node_seq) from ingress_attestation");
      assertEquals(rows, published.nodeSeq(), "a cleanly stopped node leaves no unsigned tail");
      assertEquals(text(db, "select hash from ingress_attestation where node_seq = " + rows), published.hash());
      assertEquals(rows / CADENCE_ROWS, number(db, "select count(*) from attestation_checkpoint where node_seq % " + CADENCE_ROWS + " = 0"),
          "a checkpoint at every " + CADENCE_ROWS + "th row");
    }
  }

  @Test
  void tailCutBackToACheckpointIsNamedByTheSignedHead() throws Exception {
    copyHome();
    try (SymphonyDatabase db = superuserOfStoppedNode(home)) {
      String node = text(db, "select node_id from ingress_attestation limit 1");
      long head = number(db, "select max(node_seq) from ingress_attestation");
      assertTrue(head >= SUBMISSIONS, "rows: " + head);
      long keep = number(db, "select max(node_seq) from attestation_checkpoint where node_seq <= " + (head - 100));
      // The remaining chain ends exactly on a checkpoint: nothing inside the database shows the cut.
      execute(db, "delete from ingress_attestation where node_seq > " + keep,
          "delete from attestation_checkpoint where node_seq > " + keep);

      Result cut = verifyChain(db);

      assertEquals(1, cut.exit(), cut.out());
      assertTrue(cut.out().contains("BROKEN node=" + node + " seq=" + (keep + 1) + " kind=TRUNCATED_BELOW_SIGNED_HEAD"), cut.out());
    }
    // As an auditor runs it on the stopped node's home alone: verify-chain starts the embedded database itself.
    Result offline = run("verify-chain", "--home", home.toString(), "--every-rows", String.valueOf(CADENCE_ROWS));
    assertEquals(1, offline.exit(), offline.out());
    assertTrue(offline.out().contains("kind=TRUNCATED_BELOW_SIGNED_HEAD"), offline.out());
  }

  @Test
  void cutLeavingAStretchLongerThanTheCadenceFailsWithoutTheHeadFile() throws Exception {
    copyHome();
    Files.deleteIfExists(home.resolve(HEAD_FILE)); // the attacker also removed the published head
    try (SymphonyDatabase db = superuserOfStoppedNode(home)) {
      String node = text(db, "select node_id from ingress_attestation limit 1");
      long lastSigned = number(db, "select max(node_seq) from attestation_checkpoint where node_seq <= 150");
      long end = lastSigned + CADENCE_ROWS + 30;
      execute(db, "delete from ingress_attestation where node_seq > " + end,
          "delete from attestation_checkpoint where node_seq > " + lastSigned);

      Result cut = verifyChain(db);

      assertEquals(1, cut.exit(), cut.out());
      assertTrue(cut.out().contains("BROKEN node=" + node + " seq=" + (lastSigned + CADENCE_ROWS + 1) + " kind=CHECKPOINT_MISSING"),
          cut.out());
    }
  }

  @Test
  void checkpointReSignedWithAKeyRegisteredOnlyInTheDatabaseIsABreak() throws Exception {
    copyHome();
    Files.deleteIfExists(home.resolve(HEAD_FILE));
    try (SymphonyDatabase db = superuserOfStoppedNode(home)) {
      String node = text(db, "select node_id from ingress_attestation limit 1");
      long last = number(db, "select max(node_seq) from attestation_checkpoint");
      long forgedAt = number(db, "select max(node_seq) from attestation_checkpoint where node_seq < " + last);
      // The attacker rewrites the signed head at forgedAt with a key of their own, registered next to the node's.
      CheckpointKeys attacker = CheckpointKeys.generate();
      Checkpoints checkpoints = new Checkpoints(db.dataSource());
      checkpoints.registerKey(attacker);
      String hash = text(db, "select hash from ingress_attestation where node_seq = " + forgedAt);
      Checkpoint forged = new CheckpointSigner(attacker).sign(node, forgedAt, hash, Instant.now());
      execute(db, "delete from attestation_checkpoint where node_seq = " + forgedAt);
      checkpoints.store(forged);

      Result result = verifyChain(db);

      assertEquals(1, result.exit(), result.out());
      assertTrue(result.out().contains("BROKEN node=" + node + " seq=" + forgedAt + " kind=CHECKPOINT_SIGNATURE_INVALID"),
          result.out());
    }
  }

  @Test
  void theNodesVerifyEndpointSeesTheCutAfterARestart() throws Exception {
    copyHome();
    long keep;
    try (SymphonyDatabase db = superuserOfStoppedNode(home)) {
      long head = number(db, "select max(node_seq) from ingress_attestation");
      keep = number(db, "select max(node_seq) from attestation_checkpoint where node_seq <= " + (head - 100));
      execute(db, "delete from ingress_attestation where node_seq > " + keep,
          "delete from attestation_checkpoint where node_seq > " + keep);
    }
    try (SymphonyNode node = SymphonyNode.start(options(home))) {
      var edge = new EdgeClient(node.edgeUrl());
      String operator = edge.token(node.credentials().operator());
      var response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
          HttpRequest.newBuilder(URI.create(node.edgeUrl() + "/admin/attestations/verify"))
              .header("Authorization", "Bearer " + operator).GET().build(),
          HttpResponse.BodyHandlers.ofString());

      assertEquals(200, response.statusCode(), response.body());
      var report = EdgeClient.JSON.readTree(response.body());
      assertFalse(report.path("intact").asBoolean(), response.body());
      assertTrue(response.body().contains("TRUNCATED_BELOW_SIGNED_HEAD"), response.body());
    }
  }

  // --- helpers ---

  private static double scrapedSignedHead(String metricsUrl) throws Exception {
    var scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString());
    return MetricsNodeTest.value(scrape.body(), "symphony_attestation_signed_head", "").orElse(-1);
  }

  private static NodeOptions options(Path home) throws IOException {
    return TestNodes.options(home)
        .withOverride("symphony.audit.checkpoints.every-rows", CADENCE_ROWS)
        .withOverride("symphony.audit.checkpoints.every", "10m"); // rows alone decide where checkpoints fall
  }

  /**
   * The stopped node's database, started on its data directory, as the database superuser (the one place to change
   * when the embedded server asks the superuser for a password).
   */
  private static SymphonyDatabase superuserOfStoppedNode(Path home) throws IOException {
    return SymphonyDatabase.start(
        DatabaseSettings.fromConfig(SymphonyNode.nodeConfig(options(home), home)).withDataDir(home.resolve("pg")));
  }

  private void copyHome() throws IOException {
    try (Stream<Path> files = Files.walk(original)) {
      files.forEach(from -> {
        Path to = home.resolve(original.relativize(from).toString());
        try {
          // PostgreSQL refuses a data directory readable by others: keep every file's permissions.
          if (!from.equals(original)) Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private Result verifyChain(SymphonyDatabase db) {
    return run("verify-chain", "--home", home.toString(), "--db-url", db.jdbcUrl(), "--db-user", db.user(), "--db-password", db.password(),
        "--every-rows", String.valueOf(CADENCE_ROWS));
  }

  record Result(int exit, String out) {}

  private static Result run(String... args) {
    var out = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int exit = new CommandLine(new Main()).execute(args);
      return new Result(exit, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(previous);
    }
  }

  /** As the superuser (its password taken from the node home): the node's own role may not delete attestations. */
  private static void execute(SymphonyDatabase db, String... statements) throws Exception {
    try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    }
  }

  private static long number(SymphonyDatabase db, String sql) throws Exception {
    return Long.parseLong(text(db, sql));
  }

  private static String text(SymphonyDatabase db, String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); var r = s.executeQuery(sql)) {
      assertTrue(r.next(), sql);
      return r.getString(1);
    }
  }
}
