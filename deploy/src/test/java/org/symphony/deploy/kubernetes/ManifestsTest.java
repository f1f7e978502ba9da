package org.symphony.deploy.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes as the fabric8 Kubernetes model reads it: valid, complete, and true to the P13 contract. */
class ManifestsTest {

  private static final Path FOLDER = Path.of(System.getProperty("basedir", ".")).resolve("kubernetes");
  private static final String SECRET_TEMPLATES = "secret-templates";

  // Read once: the model's type registry is built per loader and takes seconds.
  private static final List<Manifest> manifests = new ManifestLoader().loadFolder(FOLDER);

  @Test
  void everyManifestHasNoUnknownFieldAndEveryRequiredOne() {
    assertEquals(List.of(), ManifestRules.check(manifests));
  }

  @Test
  void theFolderHoldsEveryPartTheProfileNeeds() {
    Set<String> kinds = manifests.stream().map(m -> ((HasMetadata) m.resource()).getKind()).collect(Collectors.toSet());
    assertEquals(Set.of("Deployment", "ServiceAccount", "Role", "RoleBinding", "Service", "PodDisruptionBudget",
        "ConfigMap", "Secret"), kinds);
    assertEquals(Set.of("symphony-db-owner", "symphony-db-runtime", "symphony-client-secret-key", "symphony-rails",
        "symphony-keys"), names(Secret.class));
    assertEquals(1, names(ServiceAccount.class).size());
    assertEquals(1, names(Role.class).size());
    assertEquals(1, names(RoleBinding.class).size());
    assertEquals(1, names(ConfigMap.class).size());
  }

  @Test
  void threeNodesRollOneAtATimeAndADrainTakesAtMostOne() {
    Deployment d = only(Deployment.class);
    assertEquals(3, d.getSpec().getReplicas());
    assertEquals(0, d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());
    assertEquals(1, only(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal());
  }

  @Test
  void managementIsHeadlessAndPublishesPodsBeforeTheyAreReady() {
    Service management = byName(Service.class, "symphony-management");
    assertEquals("None", management.getSpec().getClusterIP());
    assertTrue(management.getSpec().getPublishNotReadyAddresses());
    Service edge = byName(Service.class, "symphony-edge");
    assertFalse(Boolean.TRUE.equals(edge.getSpec().getPublishNotReadyAddresses()), "the edge serves ready pods only");
    assertEquals("edge", edge.getSpec().getPorts().get(0).getTargetPort().getStrVal());
  }

  @Test
  void theNodeRunsAsNonRootOnAReadOnlyRootWithItsHomeInAnEmptyDir() {
    PodSpec pod = only(Deployment.class).getSpec().getTemplate().getSpec();
    Container node = pod.getContainers().get(0);
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertTrue(node.getSecurityContext().getReadOnlyRootFilesystem());
    assertFalse(node.getSecurityContext().getAllowPrivilegeEscalation());
    String home = env(node, "SYMPHONY_HOME").getValue();
    String homeVolume = node.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(home)).findFirst().orElseThrow().getName();
    Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(homeVolume)).findFirst().orElseThrow();
    assertTrue(volume.getEmptyDir() != null, "SYMPHONY_HOME must be a writable emptyDir");
    assertTrue(env(node, "JAVA_TOOL_OPTIONS").getValue().contains("-XX:MaxRAMPercentage="));
  }

  @Test
  void secretsAreTemplatesThatApplyingTheFolderLeavesOut() {
    // `kubectl apply -f deploy/kubernetes/` does not descend into sub-folders: only the templates' folder has Secrets.
    List<String> secretSources = manifests.stream().filter(m -> m.resource() instanceof Secret).map(Manifest::source).toList();
    assertFalse(secretSources.isEmpty());
    secretSources.forEach(s -> assertTrue(s.startsWith(SECRET_TEMPLATES + "/"), s + " would be applied with the folder"));
  }

  private <T extends HasMetadata> Set<String> names(Class<T> type) {
    return manifests.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast)
        .map(h -> h.getMetadata().getName()).collect(Collectors.toSet());
  }

  private <T extends HasMetadata> T only(Class<T> type) {
    List<T> found = manifests.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast).toList();
    assertEquals(1, found.size(), type.getSimpleName());
    return found.get(0);
  }

  private <T extends HasMetadata> T byName(Class<T> type, String name) {
    return manifests.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast)
        .filter(h -> name.equals(h.getMetadata().getName())).findFirst().orElseThrow(() -> new AssertionError("no " + name));
  }

  private static EnvVar env(Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + name));
  }
}
