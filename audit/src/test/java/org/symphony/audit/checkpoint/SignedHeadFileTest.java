package org.symphony.audit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedHeadFileTest {

  @TempDir Path dir;

  @Test
  void aSignedHeadSurvivesTheRoundTripWithItsSignatureAndIsReplacedWholly() throws IOException {
    CheckpointKeys keys = CheckpointKeys.generate();
    CheckpointSigner signer = new CheckpointSigner(keys);
    Path file = dir.resolve("heads").resolve(SignedHeadFile.DEFAULT_NAME);
    Checkpoint first = signer.sign("node-1", 500, "a".repeat(64), Instant.parse("2026-05-01T10:00:00.123456789Z"));
    Checkpoint second = signer.sign("node-1", 1_000, "b".repeat(64), Instant.parse("2026-05-01T10:01:00Z"));

    SignedHeadFile.write(file, first);
    assertEquals(first, SignedHeadFile.read(file));
    SignedHeadFile.write(file, second);

    Checkpoint read = SignedHeadFile.read(file);
    assertEquals(second, read);
    assertTrue(read.isSignedBy(keys.publicKey()));
    assertTrue(Files.readString(file).contains("key_fingerprint=" + keys.keyId() + "\n"));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void somethingElseIsNotASignedHead() throws IOException {
    Path file = dir.resolve("other");
    Files.writeString(file, "symphony-signed-head/v1\nnode_id=n\nnode_seq=x\n");
    assertThrows(IOException.class, () -> SignedHeadFile.read(file));
    Files.writeString(file, "hello");
    assertThrows(IOException.class, () -> SignedHeadFile.read(file));
  }
}
