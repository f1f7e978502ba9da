package org.symphony.audit.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * A signed chain head published outside the database: the checkpoint itself as {@code key=value} lines under a
 * version line. Replaced atomically (temp file in the same directory, fsync, rename), so a reader sees the old head
 * or the new one, never half of either.
 *
 * <pre>
 * symphony-signed-head/v1
 * node_id=n1
 * node_seq=516
 * hash=…64 hex…
 * signed_at=2026-03-02T08:00:00.123456Z
 * key_fingerprint=…64 hex…
 * signature=…base64…
 * </pre>
 */
public final class SignedHeadFile {

  /** The file's name in a node's home. */
  public static final String DEFAULT_NAME = "signed-chain-head";
  static final String VERSION_LINE = "symphony-signed-head/v1";

  private SignedHeadFile() {}

  public static void write(Path file, Checkpoint head) throws IOException {
    String text = VERSION_LINE + "\n"
        + "node_id=" + head.nodeId() + "\n"
        + "node_seq=" + head.nodeSeq() + "\n"
        + "hash=" + head.hash() + "\n"
        + "signed_at=" + head.signedAt() + "\n"
        + "key_fingerprint=" + head.keyId() + "\n"
        + "signature=" + head.signature() + "\n";
    Path target = file.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) channel.write(bytes);
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Reads a head file; throws IOException naming the file when it is not one. */
  public static Checkpoint read(Path file) throws IOException {
    var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(VERSION_LINE)) throw new IOException("not a signed chain head: " + file);
    Map<String, String> fields = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int eq = line.indexOf('=');
      if (eq > 0) fields.put(line.substring(0, eq), line.substring(eq + 1));
    }
    try {
      return new Checkpoint(
          required(fields, "node_id", file),
          Long.parseLong(required(fields, "node_seq", file)),
          required(fields, "hash", file),
          Instant.parse(required(fields, "signed_at", file)),
          required(fields, "key_fingerprint", file),
          required(fields, "signature", file));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IOException("malformed signed chain head " + file + ": " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> fields, String name, Path file) throws IOException {
    String value = fields.get(name);
    if (value == null || value.isBlank()) throw new IOException("signed chain head " + file + " has no " + name);
    return value;
  }
}
