package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code symphony verify-chain} against a node's real database: exit 0 when intact, 1 with the broken link when edited. */
class VerifyChainCommandTest {

  @TempDir Path home;

  @Test
  void verifyChainExitsZeroOnAnIntactChainAndNamesTheEditedRow() throws Exception {
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home).withOverride("symphony.audit.checkpoints.every-rows", 5))) {
      var edge = new EdgeClient(node.edgeUrl());
      String token = edge.token(node.credentials().participants().get(0));
      for (int i = 0; i < 20; i++) edge.submit(token, "vc-" + i, EdgeClient.body("1.00", "+260961234567", "V")).get();

      // The node's own key (in its home) is trusted, its signed head checked, and it keeps its cadence of 5 rows.
      assertEquals(0, run("verify-chain", "--home", home.toString(), "--every-rows", "5").exit(), "intact chain");

      // Checkpoints are signed within a second or so; then pinning decides whose signatures count.
      Await.until(java.time.Duration.ofSeconds(30), () -> count(node, "select count(*) from attestation_checkpoint") > 0, () -> "a checkpoint");
      String keyId = text(node, "select key_id from attestation_signing_key limit 1");
      assertEquals(0, run("verify-chain", "--home", home.toString(), "--trust-key", keyId).exit());
      assertEquals(64, keyId.length(), "a full SHA-256 fingerprint");
      assertEquals(2, run("verify-chain", "--home", home.toString(), "--trust-key", keyId.substring(0, 16)).exit(),
          "a 64-bit key id is no pin");
      Result untrusted = run("verify-chain", "--home", home.toString(), "--trust-key", org.symphony.audit.checkpoint.CheckpointKeys.generate().keyId());
      assertEquals(1, untrusted.exit(), untrusted.out());
      assertTrue(untrusted.out().contains("CHECKPOINT_SIGNATURE_INVALID"), untrusted.out());

      // Only the superuser can edit the chain (the node's role may not): the attack assumes its password leaked.
      try (Connection c = TestNodes.superuser(home); Statement s = c.createStatement()) {
        s.executeUpdate("update ingress_attestation set path = '/v1/forged' where node_seq = 7");
      }
      Result broken = run("verify-chain", "--home", home.toString());
      assertEquals(1, broken.exit());
      assertTrue(broken.out().contains("BROKEN node=" + node.audit().nodeId() + " seq=7 kind=HASH_MISMATCH"), broken.out());
    }
  }

  record Result(int exit, String out) {}

  private static long count(SymphonyNode node, String sql) throws Exception {
    try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement(); var r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static String text(SymphonyNode node, String sql) throws Exception {
    try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement(); var r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }

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
}
