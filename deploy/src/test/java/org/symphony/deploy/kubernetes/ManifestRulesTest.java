package org.symphony.deploy.kubernetes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules catch what they are named after, on small inline manifests (each next to its corrected twin). */
class ManifestRulesTest {

  private static final ManifestLoader loader = new ManifestLoader();

  /** A Deployment with a management port, probes and a Service; environment and RBAC deliberately incomplete. */
  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: symphony
      spec:
        selector:
          matchLabels:
            app: symphony
        template:
          metadata:
            labels:
              app: symphony
          spec:
            containers:
              - name: symphony
                image: symphony:latest
                ports:
                  - name: edge
                    containerPort: 8080
                  - name: management
                    containerPort: 8558
                env:
                  - name: SYMPHONY_DB_URL
                    value: jdbc:postgresql://db:5432/symphony
                  - name: SYMPHONY_DB_PASSWORD
                    valueFrom:
                      secretKeyRef:
                        name: symphony-db-owner
                        key: password
                livenessProbe:
                  httpGet:
                    path: /alive
                    port: management
                readinessProbe:
                  httpGet:
                    path: /ready
                    port: management
      """;

  private static final String SERVICE = """
      apiVersion: v1
      kind: Service
      metadata:
        name: symphony-edge
      spec:
        selector:
          app: symphony
        ports:
          - port: 8080
            targetPort: edge
      """;

  @Test
  void aMisspeltFieldIsCaughtWithItsPath() {
    String typo = "spec.template.spec.containers[0].readinesProbe";
    assertTrue(violations(DEPLOYMENT.replace("readinessProbe:", "readinesProbe:")).contains("deployment.yaml#1: unknown field " + typo),
        () -> "expected the typo in " + violations(DEPLOYMENT.replace("readinessProbe:", "readinesProbe:")));
    assertFalse(violations(DEPLOYMENT).stream().anyMatch(v -> v.contains("unknown field")), () -> violations(DEPLOYMENT).toString());
  }

  @Test
  void aKindTheModelDoesNotKnowIsCaught() {
    String misspelt = DEPLOYMENT.replace("kind: Deployment", "kind: Deploymnt");
    assertTrue(violations(misspelt).contains("deployment.yaml#1: apiVersion/kind apps/v1/Deploymnt unknown to the Kubernetes model"),
        () -> violations(misspelt).toString());
  }

  @Test
  void anApiVersionTheServerNoLongerServesIsCaught() {
    String pdb = """
        apiVersion: policy/%s
        kind: PodDisruptionBudget
        metadata:
          name: symphony
        spec:
          maxUnavailable: 1
          selector:
            matchLabels:
              app: symphony
        """;
    List<String> found = violations(DEPLOYMENT + "---\n" + pdb.formatted("v1beta1"));
    assertTrue(found.stream().anyMatch(v -> v.startsWith("deployment.yaml#2: apiVersion policy/v1beta1 is not one of")), found::toString);
    assertFalse(violations(DEPLOYMENT + "---\n" + pdb.formatted("v1")).stream().anyMatch(v -> v.startsWith("deployment.yaml#2")));
  }

  @Test
  void aMissingNameIsCaught() {
    String nameless = SERVICE.replace("  name: symphony-edge\n", "  labels: {app: symphony}\n");
    assertTrue(violations(DEPLOYMENT + "---\n" + nameless).contains("deployment.yaml#2: metadata.name missing"));
    assertFalse(violations(DEPLOYMENT + "---\n" + SERVICE).contains("deployment.yaml#2: metadata.name missing"));
  }

  @Test
  void aRequiredVariableMissingFromTheContainerIsCaught() {
    List<String> found = violations(DEPLOYMENT);
    assertTrue(found.contains("deployment.yaml#1 container symphony: required variable SYMPHONY_DB_RUNTIME_PASSWORD not set"), found::toString);
    assertFalse(found.stream().anyMatch(v -> v.contains("required variable SYMPHONY_DB_URL")), found::toString);
  }

  @Test
  void aSecretKeyThatNoSecretHasIsCaught() {
    String secret = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: symphony-db-owner
        stringData:
          password: REPLACE_ME
        """;
    List<String> found = violations(DEPLOYMENT.replace("key: password", "key: pasword") + "---\n" + secret);
    assertTrue(found.contains("deployment.yaml#1 container symphony: SYMPHONY_DB_PASSWORD: Secret symphony-db-owner has no key pasword"), found::toString);
    assertFalse(violations(DEPLOYMENT + "---\n" + secret).stream().anyMatch(v -> v.contains("symphony-db-owner")));
  }

  @Test
  void aProbeOffTheManagementPortOrPathIsCaught() {
    String wrong = DEPLOYMENT.replace("path: /ready", "path: /health").replaceFirst("(path: /health\\n\\s+port: )management", "$1edge");
    List<String> found = violations(wrong);
    assertTrue(found.contains("deployment.yaml#1 container symphony: readinessProbe path /health is not /ready"), found::toString);
    assertTrue(found.contains("deployment.yaml#1 container symphony: readinessProbe port edge is not the management port 8558"), found::toString);
    assertFalse(violations(DEPLOYMENT).stream().anyMatch(v -> v.contains("readinessProbe path") || v.contains("readinessProbe port")));
  }

  @Test
  void aServiceSelectorMatchingNoPodIsCaught() {
    String stray = SERVICE.replace("    app: symphony", "    app: symphny");
    assertTrue(violations(DEPLOYMENT + "---\n" + stray).contains("deployment.yaml#2: spec.selector {app=symphny} matches no pod template"));
    assertFalse(violations(DEPLOYMENT + "---\n" + SERVICE).stream().anyMatch(v -> v.startsWith("deployment.yaml#2")),
        () -> violations(DEPLOYMENT + "---\n" + SERVICE).toString());
  }

  @Test
  void aWorkloadWhoseSelectorMissesItsTemplateIsCaught() {
    String loose = DEPLOYMENT.replaceFirst("app: symphony", "app: other");
    assertTrue(violations(loose).contains("deployment.yaml#1: spec.selector.matchLabels {app=other} do not match template labels {app=symphony}"),
        () -> violations(loose).toString());
  }

  @Test
  void aDisruptionBudgetSelectingNoPodIsCaught() {
    String pdb = """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: symphony
        spec:
          maxUnavailable: 1
          selector:
            matchLabels:
              app: %s
        """;
    assertTrue(violations(DEPLOYMENT + "---\n" + pdb.formatted("symphny")).contains("deployment.yaml#2: spec.selector.matchLabels {app=symphny} match no pod template"));
    assertFalse(violations(DEPLOYMENT + "---\n" + pdb.formatted("symphony")).stream().anyMatch(v -> v.startsWith("deployment.yaml#2")));
  }

  @Test
  void aSecretWithARealValueIsCaught() {
    String secret = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: symphony-db-owner
        stringData:
          password: %s
        """;
    assertTrue(violations(DEPLOYMENT + "---\n" + secret.formatted("hunter2"))
        .contains("deployment.yaml#2: Secret key password holds a value, not the placeholder REPLACE_ME"));
    assertFalse(violations(DEPLOYMENT + "---\n" + secret.formatted("REPLACE_ME")).stream().anyMatch(v -> v.contains("holds a value")));
  }

  private List<String> violations(String yaml) {
    return ManifestRules.check(loader.load("deployment.yaml", yaml));
  }
}
