package org.symphony.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.KubernetesResource;

/** One YAML document, as the fabric8 model read it; {@code source} says where it came from (file#document). */
record Manifest(String source, KubernetesResource resource) {}
