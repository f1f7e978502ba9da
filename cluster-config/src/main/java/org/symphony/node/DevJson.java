package org.symphony.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * ~/.symphony/dev.json: how scripts and people find a running dev node. Written atomically, owner-only,
 * because it holds client secrets. Field names are a contract (README, scripts); add, never rename.
 */
final class DevJson {

  private static final java.util.Map<String, String> SIMULATOR_FIELDS =
      java.util.Map.of("mtn-momo", "mtn_simulator_url", "airtel-money", "airtel_simulator_url", "rtgs", "rtgs_simulator_url");

  private DevJson() {}

  static void write(
      Path file,
      String edgeUrl,
      String managementUrl,
      java.util.Map<String, String> simulatorUrls,
      String dbUrl,
      String dbUser,
      String dbPassword,
      DevCredentials credentials,
      java.time.Duration gapGrace,
      java.time.Duration zombieAfter)
      throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("edge_url", edgeUrl);
    root.put("management_url", managementUrl);
    // Every node of the cluster, this one first (run --profile local --nodes N rewrites them: see listNodes).
    root.putArray("edge_urls").add(edgeUrl);
    root.putArray("management_urls").add(managementUrl);
    // mtn_simulator_url, airtel_simulator_url, rtgs_simulator_url: one per simulator this node runs.
    simulatorUrls.forEach((railId, url) -> root.put(SIMULATOR_FIELDS.getOrDefault(railId, railId + "_simulator_url"), url));
    root.put("db_url", dbUrl);
    // The node's own role (append-only on the attestation tables), never the superuser: see pg-credentials.properties.
    root.put("db_user", dbUser);
    root.put("db_password", dbPassword);
    // What this node counts as a gap or a zombie, so that `symphony gap-report` gives the node's own answer.
    root.putObject("supervision").put("gap_grace", gapGrace.toString()).put("zombie_after", zombieAfter.toString());
    ArrayNode participants = root.putArray("participants");
    for (var p : credentials.participants()) {
      participants.addObject().put("id", p.subject()).put("client_id", p.clientId()).put("client_secret", p.clientSecret());
    }
    root.putObject("operator")
        .put("client_id", credentials.operator().clientId())
        .put("client_secret", credentials.operator().clientSecret());
    var operators = root.putArray("operators");
    for (var o : credentials.operators())
      operators.addObject().put("subject", o.subject()).put("client_id", o.clientId()).put("client_secret", o.clientSecret());
    root.putObject("supervisor")
        .put("client_id", credentials.supervisor().clientId())
        .put("client_secret", credentials.supervisor().clientSecret());

    writeOwnerOnly(file, mapper.writeValueAsBytes(root));
  }

  /** Names every node of a local cluster in {@code edge_urls} and {@code management_urls}; the first stays edge_url. */
  static void listNodes(Path file, java.util.List<String> edgeUrls, java.util.List<String> managementUrls) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = (ObjectNode) mapper.readTree(file.toFile());
    ArrayNode edges = root.putArray("edge_urls");
    edgeUrls.forEach(edges::add);
    ArrayNode managements = root.putArray("management_urls");
    managementUrls.forEach(managements::add);
    writeOwnerOnly(file, mapper.writeValueAsBytes(root));
  }

  private static void writeOwnerOnly(Path file, byte[] json) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(tmp, json);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
