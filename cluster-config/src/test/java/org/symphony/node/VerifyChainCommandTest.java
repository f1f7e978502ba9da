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
    try (SymphonyNode node = SymphonyNode.start(TestNodes.options(home))) {
      var edge = new EdgeClient(node.edgeUrl());
      String token = edge.token(node.credentials().participants().get(0));
      for (int i = 0; i < 20; i++) edge.submit(token, "vc-" + i, EdgeClient.body("1.00", "+260961234567", "V")).get();

      assertEquals(0, run("verify-chain", "--home", home.toString()).exit(), "intact chain");

      try (Connection c = node.database().dataSource().getConnection(); Statement s = c.createStatement()) {
        s.executeUpdate("update ingress_attestation set path = '/v1/forged' where node_seq = 7");
      }
      Result broken = run("verify-chain", "--home", home.toString());
      assertEquals(1, broken.exit());
      assertTrue(broken.out().contains("BROKEN node=" + node.audit().nodeId() + " seq=7 kind=HASH_MISMATCH"), broken.out());
    }
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
}
