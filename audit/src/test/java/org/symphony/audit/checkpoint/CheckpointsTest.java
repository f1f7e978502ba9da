package org.symphony.audit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.audit.testing.AttestationDb;
import org.symphony.audit.testing.ChainFixture;
import org.symphony.audit.testing.MutableClock;
import org.symphony.audit.verify.ChainVerifier;
import org.symphony.audit.verify.ProgressListener;
import org.symphony.audit.verify.TrustedKeys;
import org.symphony.audit.verify.VerificationReport;

@Timeout(120)
class CheckpointsTest {

  private static AttestationDb db;
  private static Checkpoints checkpoints;
  private static final CheckpointKeys KEYS = CheckpointKeys.generate();

  @BeforeAll
  static void start() {
    db = AttestationDb.start();
    checkpoints = new Checkpoints(db.dataSource());
  }

  @AfterAll
  static void stop() {
    if (db != null) db.close();
  }

  @BeforeEach
  void clear() {
    db.clearChains();
  }

  @Test
  void registeringAKeyIsIdempotent() throws SQLException {
    checkpoints.registerKey(KEYS);
    checkpoints.registerKey(KEYS);

    assertEquals(1, count("SELECT count(*) FROM attestation_signing_key WHERE key_id = '" + KEYS.keyId() + "'"));
    assertEquals(KEYS.publicKey(), checkpoints.publicKeys().get(KEYS.keyId()));
  }

  @Test
  void storesAndLoadsCheckpoints() {
    checkpoints.registerKey(KEYS);
    CheckpointSigner signer = new CheckpointSigner(KEYS);
    Checkpoint first = signer.sign("n1", 100, "a".repeat(64), Instant.parse("2026-05-01T10:00:00.123456789Z"));
    Checkpoint second = signer.sign("n1", 200, "b".repeat(64), Instant.parse("2026-05-01T10:01:00Z"));

    checkpoints.store(second);
    checkpoints.store(first);
    checkpoints.store(first); // the same head twice is harmless

    assertEquals(List.of(first, second), checkpoints.forNode("n1"));
    assertEquals(Optional.of(second), checkpoints.latest("n1"));
    assertEquals(Optional.empty(), checkpoints.latest("n2"));
    assertTrue(checkpoints.at("n1", 100).orElseThrow().isSignedBy(KEYS.publicKey())); // micros survive the round trip
    Checkpoint rewritten = signer.sign("n1", 100, "c".repeat(64), Instant.parse("2026-05-01T10:02:00Z"));
    assertThrows(IllegalStateException.class, () -> checkpoints.store(rewritten));
  }

  @Test
  void checkpointerStartedOnAChainSignsWhatTheVerifierAccepts() {
    ChainFixture fixture = new ChainFixture(db.dataSource(), KEYS);
    fixture.insertChain("n1", 250, Long.MAX_VALUE); // rows only; the Checkpointer signs
    MutableClock clock = new MutableClock(ChainFixture.START);
    CheckpointSettings settings = new CheckpointSettings(100, Duration.ofSeconds(60), Optional.empty());
    Checkpointer checkpointer = Checkpointer.start("n1", KEYS, checkpoints, settings, clock);

    for (AttestationRow row : fixture.rows("n1", 1, 250)) checkpointer.onCommitted(row.nodeSeq(), row.hash());
    clock.advance(Duration.ofSeconds(60));
    checkpointer.maybeSignByTime();

    assertEquals(List.of(100L, 200L, 250L), checkpoints.forNode("n1").stream().map(Checkpoint::nodeSeq).toList());
    VerificationReport report = new ChainVerifier(db.dataSource(),
        ChainVerifier.Options.DEFAULTS.withTrustedKeys(TrustedKeys.of(KEYS.publicKey()))).verify(ProgressListener.NONE);
    assertTrue(report.isIntact(), report::toString);
    assertEquals(3, report.node("n1").orElseThrow().checkpointsChecked());
    // a restarted node continues after its last checkpoint instead of signing 250 again
    assertEquals(250, Checkpointer.start("n1", KEYS, checkpoints, settings, clock).signedSeq());
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
