package org.symphony.audit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointKeysTest {

  @TempDir
  Path dir;

  @Test
  void keyFileIsOwnerOnlyAndReloadsWithTheSameKeyId() throws IOException {
    Path file = dir.resolve("keys/checkpoint.pem");

    CheckpointKeys created = CheckpointKeys.loadOrCreate(file);
    CheckpointKeys reloaded = CheckpointKeys.loadOrCreate(file);

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertEquals(created.keyId(), reloaded.keyId());
    assertArrayEquals(created.publicKey().getEncoded(), reloaded.publicKey().getEncoded());
    // and the reloaded private key signs what the original public key accepts
    Checkpoint cp = new CheckpointSigner(reloaded).sign("n1", 7, "a".repeat(64), Instant.parse("2026-05-01T10:00:00Z"));
    assertTrue(cp.isSignedBy(created.publicKey()));
  }

  @Test
  void existingKeyFileIsNeverOverwritten() throws IOException {
    Path file = dir.resolve("checkpoint.pem");
    CheckpointKeys first = CheckpointKeys.loadOrCreate(file);
    String before = Files.readString(file);

    assertThrows(FileAlreadyExistsException.class, () -> CheckpointKeys.generate().writeTo(file));

    assertEquals(before, Files.readString(file));
    assertEquals(first.keyId(), CheckpointKeys.load(file).keyId());
  }

  @Test
  void loadsBareBase64Pkcs8AndRefusesGarbage() throws IOException {
    CheckpointKeys keys = CheckpointKeys.generate();
    Path bare = dir.resolve("bare.key");
    String pem = pemOf(keys);
    Files.writeString(bare, pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
    assertEquals(keys.keyId(), CheckpointKeys.load(bare).keyId());

    Path garbage = dir.resolve("garbage.key");
    Files.writeString(garbage, "not a key");
    assertThrows(IOException.class, () -> CheckpointKeys.load(garbage));
  }

  @Test
  void keyIdIsTheFullSha256OfThePublicKeyDer() throws Exception {
    CheckpointKeys keys = CheckpointKeys.generate();
    byte[] der = Base64.getDecoder().decode(keys.publicKeyBase64());
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));

    assertEquals(sha, keys.keyId());
    assertTrue(CheckpointKeys.isFingerprint(keys.keyId()));
    assertEquals(keys.publicKey(), CheckpointKeys.decodePublicKey(keys.publicKeyBase64()));
    assertNotEquals(keys.keyId(), CheckpointKeys.generate().keyId());
    assertFalse(keys.toString().contains(Base64.getEncoder().encodeToString(keys.privateKey().getEncoded())));
  }

  @Test
  void signedMessageIsExactlyTheSpecifiedText() {
    byte[] message = CheckpointMessage.encode("node-é", 42, "b".repeat(64), Instant.parse("2026-11-27T21:31:48.807593123Z"));

    assertEquals("symphony-checkpoint/v1\n"
        + "node_id=7:node-é\n"
        + "node_seq=42\n"
        + "hash=" + "b".repeat(64) + "\n"
        + "signed_at=2026-11-27T21:31:48.807593Z\n", new String(message, StandardCharsets.UTF_8));
  }

  @Test
  void signatureCoversEveryField() {
    CheckpointKeys keys = CheckpointKeys.generate();
    Instant at = Instant.parse("2026-05-01T10:00:00.123456Z");
    Checkpoint cp = new CheckpointSigner(keys).sign("n1", 100, "c".repeat(64), at);

    assertTrue(cp.isSignedBy(keys.publicKey()));
    assertFalse(cp.isSignedBy(CheckpointKeys.generate().publicKey()));
    assertFalse(new Checkpoint("n2", 100, cp.hash(), at, cp.keyId(), cp.signature()).isSignedBy(keys.publicKey()));
    assertFalse(new Checkpoint("n1", 101, cp.hash(), at, cp.keyId(), cp.signature()).isSignedBy(keys.publicKey()));
    assertFalse(new Checkpoint("n1", 100, "d".repeat(64), at, cp.keyId(), cp.signature()).isSignedBy(keys.publicKey()));
    assertFalse(new Checkpoint("n1", 100, cp.hash(), at.plusNanos(1_000), cp.keyId(), cp.signature()).isSignedBy(keys.publicKey()));
    assertFalse(new Checkpoint("n1", 100, cp.hash(), at, cp.keyId(), "!!not base64").isSignedBy(keys.publicKey()));
  }

  private static String pemOf(CheckpointKeys keys) throws IOException {
    Path tmp = Files.createTempDirectory("pem").resolve("k.pem");
    keys.writeTo(tmp);
    return Files.readString(tmp);
  }
}
