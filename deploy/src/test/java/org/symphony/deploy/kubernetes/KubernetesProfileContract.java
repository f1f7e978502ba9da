package org.symphony.deploy.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the P13 contract fixes for the `kubernetes` profile, as the manifests must honour it. */
final class KubernetesProfileContract {

  static final Map<String, String> POD_LABELS = Map.of("app", "symphony");

  static final int EDGE_PORT = 8080;
  static final int MANAGEMENT_PORT = 8558;
  static final int REMOTE_PORT = 25520;
  static final int METRICS_PORT = 9095;
  static final List<Integer> PORTS = List.of(EDGE_PORT, MANAGEMENT_PORT, REMOTE_PORT, METRICS_PORT);
  /** Cluster bootstrap finds a discovered pod's management endpoint by this container port name. */
  static final String MANAGEMENT_PORT_NAME = "management";

  static final String LIVENESS_PATH = "/alive";
  static final String READINESS_PATH = "/ready";

  /** The node's coordinated shutdown (edge drain 15 s, leaving, shard hand-over) must fit in the grace period. */
  static final long MIN_TERMINATION_GRACE_SECONDS = 45;

  /** Without any of these the node refuses to start in the kubernetes profile. */
  static final List<String> REQUIRED_ENV = List.of(
      "SYMPHONY_DB_URL", "SYMPHONY_DB_USER", "SYMPHONY_DB_PASSWORD", "SYMPHONY_DB_RUNTIME_USER",
      "SYMPHONY_DB_RUNTIME_PASSWORD", "SYMPHONY_CLIENT_SECRET_KEY", "SYMPHONY_TOKEN_KEY_FILE",
      "SYMPHONY_CHECKPOINT_KEY_FILE", "SYMPHONY_MTN_BASE_URL", "SYMPHONY_MTN_SUBSCRIPTION_KEY",
      "SYMPHONY_MTN_API_USER", "SYMPHONY_MTN_API_KEY", "SYMPHONY_MTN_CALLBACK_URL", "SYMPHONY_AIRTEL_BASE_URL",
      "SYMPHONY_AIRTEL_CLIENT_ID", "SYMPHONY_AIRTEL_CLIENT_SECRET", "SYMPHONY_AIRTEL_ENCRYPTED_PIN",
      "SYMPHONY_RTGS_BASE_URL", "SYMPHONY_RTGS_INSTRUCTING_AGENT_BIC");

  /** Variables the downward API must fill: the pod IP for remoting and management, the pod's namespace. */
  static final Map<String, String> DOWNWARD_ENV = Map.of(
      "SYMPHONY_REMOTE_HOST", "status.podIP",
      "SYMPHONY_MANAGEMENT_HOST", "status.podIP",
      "SYMPHONY_K8S_POD_NAMESPACE", "metadata.namespace");

  static final String PROFILE_ENV = "SYMPHONY_PROFILE";
  static final String PROFILE = "kubernetes";
  /** Files that must come from a Secret volume. */
  static final List<String> KEY_FILE_ENV = List.of("SYMPHONY_TOKEN_KEY_FILE", "SYMPHONY_CHECKPOINT_KEY_FILE");

  /**
   * GA API versions that current servers serve. The model also knows removed ones (policy/v1beta1, extensions/…),
   * which a 1.25+ API server refuses.
   */
  static final Set<String> SERVED_API_VERSIONS = Set.of("v1", "apps/v1", "policy/v1", "rbac.authorization.k8s.io/v1");

  /** A Secret in the repository is a template: every value is a marked placeholder, never a real secret. */
  static final String PLACEHOLDER = "REPLACE_ME";

  private KubernetesProfileContract() {}
}
