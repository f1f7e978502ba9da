package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profiles as the contract fixes them: dev keeps today's behaviour, kubernetes resolves to cluster bootstrap
 * through the Kubernetes API without simulators or dev credentials, unknown names are refused naming the known ones,
 * and the deployment variables reach the settings. (A variable is given here as a root-level override: Typesafe
 * Config looks a ${?VAR} up in the config before the environment.)
 */
class ProfilesTest {

  @TempDir Path home;

  private Config config(String profile, Map<String, Object> overrides) {
    NodeOptions options = NodeOptions.defaults(home).withProfile(profile);
    for (var e : overrides.entrySet()) options = options.withOverride(e.getKey(), e.getValue());
    return SymphonyNode.nodeConfig(options, home);
  }

  @Test
  void anUnknownProfileIsRefusedNamingTheKnownOnes() {
    var refused = assertThrows(IllegalArgumentException.class, () -> Profiles.choose("prod", Map.of()));
    assertEquals("unknown profile 'prod'; known profiles: dev, local, kubernetes", refused.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Profiles.choose(null, Map.of("SYMPHONY_PROFILE", "staging")));
    assertThrows(IllegalArgumentException.class, () -> NodeOptions.defaults(home).withProfile("nope"));
  }

  @Test
  void theProfileComesFromTheOptionThenSymphonyProfileThenDefaultsToDev() {
    assertEquals("dev", Profiles.choose(null, Map.of()));
    assertEquals("local", Profiles.choose(null, Map.of("SYMPHONY_PROFILE", "local")));
    assertEquals("kubernetes", Profiles.choose("kubernetes", Map.of("SYMPHONY_PROFILE", "local")));
  }

  @Test
  void devIsTodaysSandbox() {
    Config dev = config("dev", Map.of());
    assertEquals("dev", dev.getString("symphony.node.profile"));
    assertEquals("self", dev.getString("symphony.node.join"));
    assertTrue(dev.getBoolean("symphony.node.start-simulators"));
    assertTrue(dev.getBoolean("symphony.node.simulator-callbacks"));
    assertTrue(dev.getBoolean("symphony.node.dev-credentials"));
    assertEquals("127.0.0.1", dev.getString("symphony.edge.host"));
    assertEquals(8080, dev.getInt("symphony.edge.port"));
    assertEquals("127.0.0.1", dev.getString("pekko.management.http.hostname"));
    assertEquals(List.of(), dev.getStringList("symphony.node.required-environment"));
    assertEquals(home.resolve("keys").resolve("jwt-es256.jwk").toString(), dev.getString("symphony.edge.token.key-file"));
    assertEquals(List.of(), NodeSettingsCheck.problems(dev));
  }

  @Test
  void kubernetesBootstrapsThroughTheKubernetesApiWithoutSandboxParts() {
    Config k8s = config("kubernetes", Map.of());
    assertEquals("bootstrap", k8s.getString("symphony.node.join"));
    assertFalse(k8s.getBoolean("symphony.node.start-simulators"));
    assertFalse(k8s.getBoolean("symphony.node.simulator-callbacks"));
    assertFalse(k8s.getBoolean("symphony.node.dev-credentials"));
    assertEquals("0.0.0.0", k8s.getString("symphony.edge.host"));
    assertEquals(8080, k8s.getInt("symphony.edge.port"));
    assertEquals(8558, k8s.getInt("pekko.management.http.port"));
    assertEquals(25520, k8s.getInt("pekko.remote.artery.canonical.port"));
    assertEquals(9095, k8s.getInt("symphony.metrics.port"));
    assertEquals(List.of(), k8s.getStringList("pekko.cluster.seed-nodes"));
    Config bootstrap = k8s.getConfig("pekko.management.cluster.bootstrap.contact-point-discovery");
    assertEquals("kubernetes-api", bootstrap.getString("discovery-method"));
    assertEquals("symphony", bootstrap.getString("service-name"));
    assertEquals(2, bootstrap.getInt("required-contact-point-nr"));
    assertEquals("app=%s", k8s.getString("pekko.discovery.kubernetes-api.pod-label-selector"));
    assertEquals("org.apache.pekko.discovery.kubernetes.KubernetesApiServiceDiscovery", k8s.getString("pekko.discovery.kubernetes-api.class"));
    assertEquals(
        List.of(
            "SYMPHONY_DB_URL", "SYMPHONY_DB_USER", "SYMPHONY_DB_PASSWORD", "SYMPHONY_DB_RUNTIME_USER", "SYMPHONY_DB_RUNTIME_PASSWORD",
            "SYMPHONY_CLIENT_SECRET_KEY", "SYMPHONY_TOKEN_KEY_FILE", "SYMPHONY_CHECKPOINT_KEY_FILE",
            "SYMPHONY_MTN_BASE_URL", "SYMPHONY_MTN_SUBSCRIPTION_KEY", "SYMPHONY_MTN_API_USER", "SYMPHONY_MTN_API_KEY",
            "SYMPHONY_MTN_CALLBACK_URL",
            "SYMPHONY_AIRTEL_BASE_URL", "SYMPHONY_AIRTEL_CLIENT_ID", "SYMPHONY_AIRTEL_CLIENT_SECRET", "SYMPHONY_AIRTEL_ENCRYPTED_PIN",
            "SYMPHONY_RTGS_BASE_URL", "SYMPHONY_RTGS_INSTRUCTING_AGENT_BIC"),
        k8s.getStringList("symphony.node.required-environment"));
    assertEquals(List.of("SYMPHONY_TOKEN_KEY_FILE", "SYMPHONY_CHECKPOINT_KEY_FILE"), k8s.getStringList("symphony.node.required-files"));
    assertTrue(k8s.getBoolean("pekko.coordinated-shutdown.exit-jvm"), "a downed pod ends, to be restarted");
    assertEquals(List.of(), NodeSettingsCheck.problems(k8s));
  }

  @Test
  void kubernetesTakesPodAddressesServiceNameAndNamespaceFromTheEnvironment() {
    Config k8s = config("kubernetes", Map.of(
        "SYMPHONY_REMOTE_HOST", "10.1.2.3",
        "SYMPHONY_MANAGEMENT_HOST", "10.1.2.3",
        "SYMPHONY_K8S_SERVICE_NAME", "payments",
        "SYMPHONY_K8S_REQUIRED_CONTACT_POINTS", 3,
        "SYMPHONY_K8S_POD_NAMESPACE", "symphony-prod",
        "SYMPHONY_TOKEN_KEY_FILE", "/secrets/jwt/jwt-es256.jwk",
        "SYMPHONY_CHECKPOINT_KEY_FILE", "/secrets/checkpoint/ed25519.pem"));
    assertEquals("10.1.2.3", k8s.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals("10.1.2.3", k8s.getString("pekko.management.http.hostname"));
    assertEquals("payments", k8s.getString("pekko.management.cluster.bootstrap.contact-point-discovery.service-name"));
    assertEquals(3, k8s.getInt("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr"));
    assertEquals("symphony-prod", k8s.getString("pekko.discovery.kubernetes-api.pod-namespace"));
    assertEquals("/secrets/jwt/jwt-es256.jwk", k8s.getString("symphony.edge.token.key-file"));
    assertEquals("/secrets/checkpoint/ed25519.pem", k8s.getString("symphony.audit.checkpoints.key-file"));
  }

  @Test
  void deploymentVariablesReachTheSettingsInEveryProfile() {
    Config dev = config("dev", Map.of("SYMPHONY_EDGE_HOST", "0.0.0.0", "SYMPHONY_EDGE_PORT", 18080, "SYMPHONY_MANAGEMENT_HOST", "10.0.0.9"));
    assertEquals("0.0.0.0", dev.getString("symphony.edge.host"));
    assertEquals(18080, dev.getInt("symphony.edge.port"));
    assertEquals("10.0.0.9", dev.getString("pekko.management.http.hostname"));
  }

  @Test
  void optionsAndSystemPropertiesWinOverTheProfile() {
    Config k8s = config("kubernetes", Map.of("symphony.edge.host", "127.0.0.1"));
    assertEquals("127.0.0.1", k8s.getString("symphony.edge.host"));
  }

  @Test
  void localJoinsSeedNodesAndBoundsItsChildren() {
    Config local = config("local", Map.of("pekko.cluster.seed-nodes", List.of("pekko://symphony@127.0.0.1:25520")));
    assertEquals("seed-nodes", local.getString("symphony.node.join"));
    assertTrue(local.getBoolean("symphony.node.dev-credentials"));
    assertTrue(local.getInt("symphony.node.local.max-nodes") >= 3);
    assertEquals(List.of(), NodeSettingsCheck.problems(local));
  }
}
