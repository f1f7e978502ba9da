package org.symphony.audit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The results measured runs left in the evidence directory ({@link EvidenceResult}), read back as the bundle's run
 * sections: each required case as its run wrote it (with the SHA-256 of its file), or {@code status: not_run}; never
 * a figure the run did not write.
 */
public final class MeasuredRuns {

  /** The failure-injection cases of the Phase-7R plan (build item 1 of P14): each is a test that writes its result. */
  public static final List<String> FAILURE_INJECTION_CASES = List.of(
      "blackhole", "double_tap", "node_sigkill_in_flight", "database_restart", "clock_backwards",
      "attestation_insert_failure", "poison_rail_response", "retry_storm", "disk_full");

  /** The BC/DR drills (build item 2 of P14). */
  public static final List<String> BCDR_DRILLS = List.of("base_backup", "pitr_restore", "standby_failover", "ledger_rebuild");

  private final Path directory;

  public MeasuredRuns(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  /** One case's latest run, with the hash of the file it came from. */
  public Optional<ObjectNode> run(EvidenceSection section, String name) {
    Path file = directory.resolve(section.directory()).resolve(name + ".json");
    if (!Files.isRegularFile(file)) return Optional.empty();
    try {
      byte[] bytes = Files.readAllBytes(file);
      JsonNode json = EvidenceResult.MAPPER.readTree(bytes);
      if (!(json instanceof ObjectNode run)) return Optional.empty();
      run.put("sha256", Sha256.hex(bytes));
      return Optional.of(run);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Every case of a section that has a file, required or not, by name. */
  public List<ObjectNode> all(EvidenceSection section) {
    Path dir = directory.resolve(section.directory());
    if (!Files.isDirectory(dir)) return List.of();
    TreeMap<String, ObjectNode> byName = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .forEach(n -> run(section, n.substring(0, n.length() - 5)).ifPresent(r -> byName.put(r.path("name").asText(n), r)));
    } catch (IOException e) {
      return List.of();
    }
    return new ArrayList<>(byName.values());
  }

  /**
   * {status, required_cases, cases}: pass when every required case ran and passed, fail when any run failed,
   * incomplete when a required case has not run (and none failed). Runs of cases not required are listed too.
   */
  public ObjectNode section(EvidenceSection section, List<String> required) {
    ObjectNode out = EvidenceResult.MAPPER.createObjectNode();
    ArrayNode cases = EvidenceResult.MAPPER.createArrayNode();
    boolean failed = false;
    boolean missing = false;
    TreeMap<String, ObjectNode> found = new TreeMap<>();
    for (ObjectNode run : all(section)) found.put(run.path("name").asText(), run);
    for (String name : required) {
      ObjectNode run = found.remove(name);
      if (run == null) {
        missing = true;
        cases.add(notRun(name));
      } else {
        failed |= !"pass".equals(run.path("status").asText());
        cases.add(run);
      }
    }
    for (ObjectNode extra : found.values()) {
      failed |= !"pass".equals(extra.path("status").asText());
      cases.add(extra);
    }
    out.put("status", failed ? "fail" : missing ? "incomplete" : "pass");
    ArrayNode names = out.putArray("required_cases");
    required.forEach(names::add);
    out.set("cases", cases);
    return out;
  }

  public static ObjectNode notRun(String name) {
    return EvidenceResult.MAPPER.createObjectNode().put("name", name).put("status", "not_run");
  }
}
