package org.symphony.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The node's stable name in the attestation chain: generated once and kept in the node's home, so a
 * restarted node continues its own chain instead of starting a new one. Configurable for deployments
 * that name nodes themselves (e.g. a StatefulSet's pod name).
 */
final class NodeIdentity {

  private static final Pattern WELL_FORMED = Pattern.compile("^[A-Za-z0-9._:-]{1,64}$");

  private NodeIdentity() {}

  static String resolve(String configured, Path home) throws IOException {
    if (configured != null && !configured.isBlank()) return requireWellFormed(configured.strip());
    Path file = home.resolve("node-id");
    if (Files.isRegularFile(file)) return requireWellFormed(Files.readString(file, StandardCharsets.UTF_8).strip());
    String id = "node-" + UUID.randomUUID();
    Files.createDirectories(home);
    Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
    return id;
  }

  private static String requireWellFormed(String id) {
    if (!WELL_FORMED.matcher(id).matches()) throw new IllegalArgumentException("node id not well formed: " + id);
    return id;
  }
}
