package org.symphony.deploy.kubernetes;

import static org.symphony.deploy.kubernetes.KubernetesProfileContract.*;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the API server would refuse (unknown fields, missing names) and what the node and cluster bootstrap need
 * (probes, ports, the contract's environment, selectors that match, RBAC for pod discovery), as a list of violations,
 * each naming the document and the field. Nothing here talks to a cluster.
 */
final class ManifestRules {

  private final List<Manifest> manifests;
  private final List<String> violations = new ArrayList<>();

  private ManifestRules(List<Manifest> manifests) {
    this.manifests = List.copyOf(manifests);
  }

  static List<String> check(List<Manifest> manifests) {
    ManifestRules rules = new ManifestRules(manifests);
    rules.checkAll();
    return List.copyOf(rules.violations);
  }

  private record PodTemplate(String source, Map<String, String> labels, PodSpec spec) {}

  private void checkAll() {
    for (Manifest m : manifests) {
      UnknownFields.in(m.resource()).forEach(path -> fail(m.source(), "unknown field " + path));
      checkIdentity(m);
    }
    List<PodTemplate> pods = new ArrayList<>();
    for (Manifest m : manifests) {
      if (m.resource() instanceof Deployment d && d.getSpec() != null) {
        workload(m.source(), d.getSpec().getSelector(), d.getSpec().getTemplate()).ifPresent(pods::add);
      } else if (m.resource() instanceof StatefulSet s && s.getSpec() != null) {
        workload(m.source(), s.getSpec().getSelector(), s.getSpec().getTemplate()).ifPresent(pods::add);
      }
    }
    if (pods.isEmpty()) fail("manifests", "no Deployment or StatefulSet");
    pods.forEach(this::checkPod);
    for (Manifest m : manifests) {
      if (m.resource() instanceof Service s) checkService(m.source(), s, pods);
      if (m.resource() instanceof PodDisruptionBudget p) checkDisruptionBudget(m.source(), p, pods);
      if (m.resource() instanceof Secret s) checkSecretIsTemplate(m.source(), s);
    }
  }

  private void checkIdentity(Manifest m) {
    if (m.resource() instanceof GenericKubernetesResource g) {
      fail(m.source(), "apiVersion/kind " + g.getApiVersion() + "/" + g.getKind() + " unknown to the Kubernetes model");
      return;
    }
    if (!(m.resource() instanceof HasMetadata h)) {
      fail(m.source(), "not a top-level resource: " + m.resource().getClass().getSimpleName());
      return;
    }
    if (blank(h.getApiVersion())) fail(m.source(), "apiVersion missing");
    else if (!SERVED_API_VERSIONS.contains(h.getApiVersion())) fail(m.source(), "apiVersion " + h.getApiVersion() + " is not one of " + SERVED_API_VERSIONS.stream().sorted().toList());
    if (blank(h.getKind())) fail(m.source(), "kind missing");
    if (h.getMetadata() == null || blank(h.getMetadata().getName())) fail(m.source(), "metadata.name missing");
  }

  private Optional<PodTemplate> workload(String source, LabelSelector selector, PodTemplateSpec template) {
    if (template == null || template.getSpec() == null) {
      fail(source, "spec.template.spec missing");
      return Optional.empty();
    }
    Map<String, String> labels = template.getMetadata() == null || template.getMetadata().getLabels() == null
        ? Map.of() : template.getMetadata().getLabels();
    Map<String, String> wanted = selector == null ? null : selector.getMatchLabels();
    if (wanted == null || wanted.isEmpty()) fail(source, "spec.selector.matchLabels missing");
    else if (!matches(wanted, labels)) fail(source, "spec.selector.matchLabels " + wanted + " do not match template labels " + labels);
    if (!matches(POD_LABELS, labels)) fail(source, "template labels " + labels + " lack " + POD_LABELS);
    return Optional.of(new PodTemplate(source, labels, template.getSpec()));
  }

  private void checkPod(PodTemplate pod) {
    String src = pod.source();
    PodSpec spec = pod.spec();
    if (spec.getContainers() == null || spec.getContainers().isEmpty()) {
      fail(src, "no containers");
      return;
    }
    for (Container c : spec.getContainers()) {
      if (blank(c.getName())) fail(src, "a container has no name");
      if (blank(c.getImage())) fail(src, "container " + c.getName() + " has no image");
    }
    Long grace = spec.getTerminationGracePeriodSeconds();
    if (grace == null || grace < MIN_TERMINATION_GRACE_SECONDS) {
      fail(src, "terminationGracePeriodSeconds " + grace + " < " + MIN_TERMINATION_GRACE_SECONDS + " (coordinated shutdown)");
    }
    checkDiscoveryAccount(src, spec.getServiceAccountName());
    Optional<Container> node = spec.getContainers().stream().filter(ManifestRules::exposesManagement).findFirst();
    if (node.isEmpty()) {
      fail(src, "no container port " + MANAGEMENT_PORT + " named " + MANAGEMENT_PORT_NAME);
      return;
    }
    Container c = node.get();
    String where = src + " container " + c.getName();
    Set<Integer> exposed = Set.copyOf(ports(c).stream().map(ContainerPort::getContainerPort).toList());
    PORTS.stream().filter(p -> !exposed.contains(p)).forEach(p -> fail(where, "does not expose port " + p));
    checkProbe(where, "startupProbe", c.getStartupProbe(), LIVENESS_PATH, c);
    checkProbe(where, "livenessProbe", c.getLivenessProbe(), LIVENESS_PATH, c);
    checkProbe(where, "readinessProbe", c.getReadinessProbe(), READINESS_PATH, c);
    checkResources(where, c);
    checkEnvironment(where, c, spec);
  }

  private static boolean exposesManagement(Container c) {
    return ports(c).stream().anyMatch(p -> Objects.equals(p.getContainerPort(), MANAGEMENT_PORT)
        && MANAGEMENT_PORT_NAME.equals(p.getName()));
  }

  private void checkProbe(String where, String name, Probe probe, String path, Container c) {
    if (probe == null || probe.getHttpGet() == null) {
      fail(where, name + " missing (an httpGet on " + path + ")");
      return;
    }
    if (!path.equals(probe.getHttpGet().getPath())) fail(where, name + " path " + probe.getHttpGet().getPath() + " is not " + path);
    Integer port = resolvePort(probe.getHttpGet().getPort(), c);
    if (!Objects.equals(port, MANAGEMENT_PORT)) {
      fail(where, name + " port " + portText(probe.getHttpGet().getPort()) + " is not the management port " + MANAGEMENT_PORT);
    }
    if (probe.getPeriodSeconds() == null || probe.getFailureThreshold() == null) {
      fail(where, name + " needs explicit periodSeconds and failureThreshold");
    }
  }

  private void checkResources(String where, Container c) {
    var r = c.getResources();
    for (String kind : List.of("cpu", "memory")) {
      if (r == null || r.getRequests() == null || !r.getRequests().containsKey(kind)) fail(where, "resources.requests." + kind + " missing");
      if (r == null || r.getLimits() == null || !r.getLimits().containsKey(kind)) fail(where, "resources.limits." + kind + " missing");
    }
  }

  private void checkEnvironment(String where, Container c, PodSpec spec) {
    Map<String, EnvVar> env = new HashMap<>();
    if (c.getEnv() != null) c.getEnv().forEach(e -> env.put(e.getName(), e));
    Set<String> fromConfigMaps = new HashSet<>();
    for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
      if (from.getConfigMapRef() != null) {
        Optional<ConfigMap> cm = find(ConfigMap.class, from.getConfigMapRef().getName());
        if (cm.isEmpty()) fail(where, "envFrom ConfigMap " + from.getConfigMapRef().getName() + " is not among the manifests");
        cm.map(ConfigMap::getData).ifPresent(data -> data.keySet().forEach(k -> fromConfigMaps.add(prefix(from) + k)));
      }
      if (from.getSecretRef() != null) fail(where, "envFrom a whole Secret: name each secret key (a missing one then stops the pod)");
    }
    env.values().forEach(e -> checkReference(where, e));
    for (String name : REQUIRED_ENV) {
      if (!env.containsKey(name) && !fromConfigMaps.contains(name)) fail(where, "required variable " + name + " not set");
      else if (env.containsKey(name) && !hasSource(env.get(name))) fail(where, "required variable " + name + " is empty");
    }
    DOWNWARD_ENV.forEach((name, field) -> {
      EnvVar e = env.get(name);
      String got = e == null || e.getValueFrom() == null || e.getValueFrom().getFieldRef() == null
          ? null : e.getValueFrom().getFieldRef().getFieldPath();
      if (!field.equals(got)) fail(where, name + " must come from the downward API fieldRef " + field + " (got " + got + ")");
    });
    EnvVar profile = env.get(PROFILE_ENV);
    if (profile == null || !PROFILE.equals(profile.getValue())) fail(where, PROFILE_ENV + " must be " + PROFILE);
    for (String name : KEY_FILE_ENV) {
      EnvVar e = env.get(name);
      if (e != null && !underSecretVolume(e.getValue(), c, spec)) fail(where, name + " " + e.getValue() + " is not in a Secret volume");
    }
  }

  /** A secretKeyRef or configMapKeyRef must name a key that the Secret or ConfigMap among the manifests has. */
  private void checkReference(String where, EnvVar e) {
    if (e.getValueFrom() == null) return;
    var secretRef = e.getValueFrom().getSecretKeyRef();
    if (secretRef != null && !Boolean.TRUE.equals(secretRef.getOptional())) {
      Optional<Secret> secret = find(Secret.class, secretRef.getName());
      if (secret.isEmpty()) fail(where, e.getName() + ": Secret " + secretRef.getName() + " has no template among the manifests");
      else if (!secretKeys(secret.get()).contains(secretRef.getKey())) fail(where, e.getName() + ": Secret " + secretRef.getName() + " has no key " + secretRef.getKey());
    }
    var configRef = e.getValueFrom().getConfigMapKeyRef();
    if (configRef != null && !Boolean.TRUE.equals(configRef.getOptional())) {
      Optional<ConfigMap> cm = find(ConfigMap.class, configRef.getName());
      if (cm.isEmpty() || cm.get().getData() == null || !cm.get().getData().containsKey(configRef.getKey())) {
        fail(where, e.getName() + ": ConfigMap " + configRef.getName() + " has no key " + configRef.getKey());
      }
    }
  }

  private static boolean hasSource(EnvVar e) {
    if (!blank(e.getValue())) return true;
    var from = e.getValueFrom();
    return from != null && (from.getSecretKeyRef() != null || from.getConfigMapKeyRef() != null || from.getFieldRef() != null);
  }

  private static boolean underSecretVolume(String file, Container c, PodSpec spec) {
    if (blank(file) || c.getVolumeMounts() == null || spec.getVolumes() == null) return false;
    for (VolumeMount mount : c.getVolumeMounts()) {
      if (!file.startsWith(mount.getMountPath() + "/")) continue;
      boolean secret = spec.getVolumes().stream()
          .anyMatch(v -> v.getName().equals(mount.getName()) && v.getSecret() != null && secretVolumeHas(v, file.substring(mount.getMountPath().length() + 1)));
      if (secret) return true;
    }
    return false;
  }

  private static boolean secretVolumeHas(Volume v, String path) {
    var items = v.getSecret().getItems();
    return items == null || items.isEmpty() || items.stream().anyMatch(i -> path.equals(i.getPath()));
  }

  private void checkDiscoveryAccount(String src, String account) {
    if (blank(account) || find(ServiceAccount.class, account).isEmpty()) {
      fail(src, "serviceAccountName " + account + " is not a ServiceAccount among the manifests");
      return;
    }
    boolean canReadPods = manifests.stream().map(Manifest::resource)
        .filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
        .filter(b -> b.getSubjects() != null && b.getSubjects().stream()
            .anyMatch(s -> "ServiceAccount".equals(s.getKind()) && account.equals(s.getName())))
        .filter(b -> b.getRoleRef() != null && "Role".equals(b.getRoleRef().getKind()))
        .map(b -> find(Role.class, b.getRoleRef().getName()))
        .flatMap(Optional::stream)
        .anyMatch(ManifestRules::readsPods);
    if (!canReadPods) fail(src, "ServiceAccount " + account + " is not bound to a Role that can get, watch and list pods");
  }

  private static boolean readsPods(Role role) {
    if (role.getRules() == null) return false;
    for (PolicyRule r : role.getRules()) {
      if (r.getApiGroups() != null && r.getApiGroups().contains("") && r.getResources() != null
          && r.getResources().contains("pods") && r.getVerbs() != null
          && r.getVerbs().containsAll(List.of("get", "watch", "list"))) {
        return true;
      }
    }
    return false;
  }

  private void checkService(String src, Service s, List<PodTemplate> pods) {
    Map<String, String> selector = s.getSpec() == null ? null : s.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      fail(src, "spec.selector missing");
      return;
    }
    List<PodTemplate> selected = pods.stream().filter(p -> matches(selector, p.labels())).toList();
    if (selected.isEmpty()) {
      fail(src, "spec.selector " + selector + " matches no pod template");
      return;
    }
    for (ServicePort port : s.getSpec().getPorts() == null ? List.<ServicePort>of() : s.getSpec().getPorts()) {
      IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
      for (PodTemplate p : selected) {
        boolean resolved = p.spec().getContainers().stream().anyMatch(c -> resolvePort(target, c) != null);
        if (!resolved) fail(src, "targetPort " + portText(target) + " is no container port of " + p.source());
      }
    }
    if (s.getSpec().getPorts() == null || s.getSpec().getPorts().isEmpty()) fail(src, "spec.ports missing");
    boolean headless = "None".equals(s.getSpec().getClusterIP());
    boolean management = s.getSpec().getPorts() != null && s.getSpec().getPorts().stream()
        .anyMatch(p -> Objects.equals(p.getPort(), MANAGEMENT_PORT));
    if (headless && management && !Boolean.TRUE.equals(s.getSpec().getPublishNotReadyAddresses())) {
      fail(src, "the headless management Service needs publishNotReadyAddresses: true (bootstrap probes pods before they are ready)");
    }
  }

  private void checkDisruptionBudget(String src, PodDisruptionBudget pdb, List<PodTemplate> pods) {
    LabelSelector selector = pdb.getSpec() == null ? null : pdb.getSpec().getSelector();
    Map<String, String> wanted = selector == null ? null : selector.getMatchLabels();
    if (wanted == null || wanted.isEmpty()) fail(src, "spec.selector.matchLabels missing");
    else if (pods.stream().noneMatch(p -> matches(wanted, p.labels()))) fail(src, "spec.selector.matchLabels " + wanted + " match no pod template");
    if (pdb.getSpec() == null || (pdb.getSpec().getMaxUnavailable() == null && pdb.getSpec().getMinAvailable() == null)) {
      fail(src, "neither maxUnavailable nor minAvailable");
    }
  }

  private void checkSecretIsTemplate(String src, Secret s) {
    Map<String, String> values = new HashMap<>();
    if (s.getStringData() != null) values.putAll(s.getStringData());
    if (s.getData() != null) s.getData().forEach((k, v) -> values.put(k, new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8)));
    values.forEach((k, v) -> {
      if (v == null || !v.contains(PLACEHOLDER)) fail(src, "Secret key " + k + " holds a value, not the placeholder " + PLACEHOLDER);
    });
  }

  private static Set<String> secretKeys(Secret s) {
    Set<String> keys = new HashSet<>();
    if (s.getStringData() != null) keys.addAll(s.getStringData().keySet());
    if (s.getData() != null) keys.addAll(s.getData().keySet());
    return keys;
  }

  /** A number, or a container port's name resolved to its number; null when it names no port of {@code c}. */
  private static Integer resolvePort(IntOrString port, Container c) {
    if (port == null) return null;
    if (port.getIntVal() != null) {
      return ports(c).stream().map(ContainerPort::getContainerPort).filter(port.getIntVal()::equals).findFirst().orElse(null);
    }
    return ports(c).stream().filter(p -> Objects.equals(p.getName(), port.getStrVal()))
        .map(ContainerPort::getContainerPort).findFirst().orElse(null);
  }

  private static String portText(IntOrString port) {
    return port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
  }

  private static List<ContainerPort> ports(Container c) {
    return c.getPorts() == null ? List.of() : c.getPorts();
  }

  private static String prefix(EnvFromSource from) {
    return from.getPrefix() == null ? "" : from.getPrefix();
  }

  private <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    Function<HasMetadata, String> nameOf = h -> h.getMetadata() == null ? null : h.getMetadata().getName();
    return manifests.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast)
        .filter(h -> Objects.equals(nameOf.apply(h), name)).findFirst();
  }

  private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private void fail(String source, String message) {
    violations.add(source + ": " + message);
  }
}
