package org.symphony.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.symphony.persistence.ClientSecrets;

/**
 * The server key under which client secrets are hashed (HMAC-SHA-256). Production sets
 * {@code symphony.node.client-secret-key} (base64 of at least 32 bytes; env SYMPHONY_CLIENT_SECRET_KEY),
 * the same on every node of a cluster; otherwise it is generated once into {@code <home>/client-secret.key}
 * (owner-only). Losing it makes every stored hash unusable: the clients' secrets must then be set again
 * (a sandbox re-registers its dev credentials at each start).
 */
final class ClientSecretKey {

  static final String FILE = "client-secret.key";

  private ClientSecretKey() {}

  static ClientSecrets load(String configured, Path home) throws IOException {
    if (!configured.isBlank()) return new ClientSecrets(Base64.getDecoder().decode(configured.strip()));
    Path file = home.resolve(FILE);
    if (!Files.exists(file)) {
      Files.createDirectories(home);
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Base64.getEncoder().encodeToString(ClientSecrets.generateKey()) + "\n", StandardCharsets.UTF_8);
      } catch (FileAlreadyExistsException raced) {
        // another process made it first: use theirs
      }
    }
    return new ClientSecrets(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.UTF_8).strip()));
  }
}
