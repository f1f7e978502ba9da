package org.symphony.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads every YAML document under a folder (sub-folders too) into the fabric8 Kubernetes model. */
final class ManifestLoader {

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final Pattern COMMENT_OR_BLANK = Pattern.compile("(?m)^\\s*(#.*)?$");

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  List<Manifest> loadFolder(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      List<Manifest> manifests = new ArrayList<>();
      for (Path file : files.filter(ManifestLoader::isYaml).sorted().toList()) {
        manifests.addAll(load(folder.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8)));
      }
      return manifests;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Documents that are only comments are skipped; one that the model cannot read fails with its source. */
  List<Manifest> load(String source, String yaml) {
    List<Manifest> manifests = new ArrayList<>();
    String[] documents = DOCUMENT_SEPARATOR.split(yaml);
    for (int i = 0; i < documents.length; i++) {
      String document = documents[i];
      if (COMMENT_OR_BLANK.matcher(document).replaceAll("").isBlank()) continue;
      String where = source + "#" + (i + 1);
      Object read;
      try {
        read = serialization.unmarshal(document);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(where + ": not a Kubernetes resource: " + e.getMessage(), e);
      }
      if (!(read instanceof KubernetesResource resource)) {
        throw new IllegalArgumentException(where + ": not a Kubernetes resource: " + read);
      }
      manifests.add(new Manifest(where, resource));
    }
    return manifests;
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }
}
