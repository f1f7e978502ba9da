package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubernetes profile refuses to start without its secrets, naming every missing one in one message. */
class ProfileRequirementsTest {

  @TempDir Path home;

  private Config kubernetes() {
    return SymphonyNode.nodeConfig(NodeOptions.defaults(home).withProfile(Profiles.KUBERNETES), home);
  }

  private Map<String, String> complete() throws Exception {
    Map<String, String> env = new HashMap<>();
    for (String name : kubernetes().getStringList("symphony.node.required-environment")) env.put(name, "set");
    Path jwt = Files.writeString(home.resolve("jwt.jwk"), "{}");
    Path checkpoint = Files.writeString(home.resolve("checkpoint.pem"), "key");
    env.put("SYMPHONY_TOKEN_KEY_FILE", jwt.toString());
    env.put("SYMPHONY_CHECKPOINT_KEY_FILE", checkpoint.toString());
    return env;
  }

  @Test
  void missingAllNamesEveryRequiredVariable() {
    String message = ProfileRequirements.check(kubernetes(), Map.of()).orElseThrow();
    List<String> required = kubernetes().getStringList("symphony.node.required-environment");
    assertEquals(19, required.size());
    for (String name : required) assertTrue(message.contains(name), name + " not named in: " + message);
    assertTrue(message.startsWith("profile kubernetes cannot start: missing environment variables: SYMPHONY_DB_URL, "), message);
  }

  @Test
  void missingOneNamesExactlyThatOne() throws Exception {
    Map<String, String> env = complete();
    env.remove("SYMPHONY_AIRTEL_ENCRYPTED_PIN");
    env.put("SYMPHONY_MTN_API_KEY", "  "); // blank is missing
    assertEquals(
        Optional.of("profile kubernetes cannot start: missing environment variables: SYMPHONY_MTN_API_KEY, SYMPHONY_AIRTEL_ENCRYPTED_PIN."),
        ProfileRequirements.check(kubernetes(), env));
  }

  @Test
  void aKeyFileThatDoesNotExistIsNamed() throws Exception {
    Map<String, String> env = complete();
    Path absent = home.resolve("no-such.pem");
    env.put("SYMPHONY_CHECKPOINT_KEY_FILE", absent.toString());
    assertEquals(
        Optional.of("profile kubernetes cannot start: unreadable key files: SYMPHONY_CHECKPOINT_KEY_FILE=" + absent + " (no such file)."),
        ProfileRequirements.check(kubernetes(), env));
  }

  @Test
  void allPresentStarts() throws Exception {
    assertEquals(Optional.empty(), ProfileRequirements.check(kubernetes(), complete()));
  }

  @Test
  void devAndLocalRequireNothing() {
    for (String profile : List.of(Profiles.DEV, Profiles.LOCAL))
      assertEquals(
          Optional.empty(),
          ProfileRequirements.check(SymphonyNode.nodeConfig(NodeOptions.defaults(home).withProfile(profile), home), Map.of()));
  }
}
