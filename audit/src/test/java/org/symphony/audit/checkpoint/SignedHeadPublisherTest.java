package org.symphony.audit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.testing.AttestationDb;
import org.symphony.audit.testing.ChainFixture;

/** The head file is evidence: never moved backwards, and kept as it is once the database lost the head it names. */
class SignedHeadPublisherTest {

  private static final CheckpointKeys KEYS = CheckpointKeys.generate();
  private static AttestationDb db;
  private static ChainFixture fixture;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    db = AttestationDb.start();
    fixture = new ChainFixture(db.dataSource(), KEYS);
    fixture.insertChain("n1", 100, Long.MAX_VALUE);
  }

  @AfterAll
  static void stop() {
    if (db != null) db.close();
  }

  @Test
  void publishesForwardOnlyAndFreezesWhenTheDatabaseNoLongerHoldsThePublishedHead() throws IOException {
    CheckpointSigner signer = new CheckpointSigner(KEYS);
    Checkpoint at50 = signer.sign("n1", 50, fixture.row("n1", 50).hash(), ChainFixture.START);
    Checkpoint at40 = signer.sign("n1", 40, fixture.row("n1", 40).hash(), ChainFixture.START);
    Path file = dir.resolve(SignedHeadFile.DEFAULT_NAME);
    SignedHeadPublisher publisher = SignedHeadPublisher.open("n1", Optional.of(file), db.dataSource());
    assertFalse(publisher.frozen());

    publisher.publish(at50);
    publisher.publish(at40); // behind the published head: not written
    assertEquals(at50, SignedHeadFile.read(file));
    assertEquals(50, publisher.signedSeq());

    // The node restarts on an intact database: it goes on publishing.
    assertFalse(SignedHeadPublisher.open("n1", Optional.of(file), db.dataSource()).frozen());

    // The tail is cut while the node is down: on start, the published head is kept as evidence.
    db.execute("DELETE FROM ingress_attestation WHERE node_id = 'n1' AND node_seq > 30");
    SignedHeadPublisher restarted = SignedHeadPublisher.open("n1", Optional.of(file), db.dataSource());
    assertTrue(restarted.frozen());
    assertEquals(50, restarted.signedSeq());
    restarted.publish(signer.sign("n1", 60, "f".repeat(64), ChainFixture.START));
    assertEquals(at50, SignedHeadFile.read(file));
    assertEquals(60, restarted.signedSeq(), "the gauge still shows what the node signed");
  }
}
