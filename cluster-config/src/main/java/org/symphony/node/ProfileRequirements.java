package org.symphony.node;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a profile needs from its environment before anything starts ({@code symphony.node.required-environment},
 * {@code symphony.node.required-files}): the kubernetes profile refuses to start without its database, rail and key
 * secrets rather than fall back to sandbox defaults. One message names every missing variable and unreadable file.
 */
final class ProfileRequirements {

  private ProfileRequirements() {}

  /** Empty if the environment has everything the config's profile requires, else the message saying what is missing. */
  static Optional<String> check(Config config, Map<String, String> environment) {
    List<String> missing = new ArrayList<>();
    for (String name : config.getStringList("symphony.node.required-environment"))
      if (environment.getOrDefault(name, "").isBlank()) missing.add(name);
    List<String> unreadable = new ArrayList<>();
    for (String name : config.getStringList("symphony.node.required-files")) {
      String value = environment.getOrDefault(name, "");
      if (value.isBlank()) {
        if (!missing.contains(name)) missing.add(name);
        continue;
      }
      Path file = Path.of(value.strip());
      if (!Files.isRegularFile(file)) unreadable.add(name + "=" + file + " (no such file)");
      else if (!Files.isReadable(file)) unreadable.add(name + "=" + file + " (not readable)");
    }
    if (missing.isEmpty() && unreadable.isEmpty()) return Optional.empty();
    StringBuilder message = new StringBuilder("profile " + config.getString("symphony.node.profile") + " cannot start:");
    if (!missing.isEmpty()) message.append(" missing environment variables: ").append(String.join(", ", missing)).append('.');
    if (!unreadable.isEmpty()) message.append(" unreadable key files: ").append(String.join(", ", unreadable)).append('.');
    return Optional.of(message.toString());
  }
}
