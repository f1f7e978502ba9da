package org.symphony.audit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One measured run of one case (a failure injection, a drill, a scenario), written as
 * {@code <evidence dir>/<section>/<name>.json} when closed:
 *
 * <pre>
 * try (EvidenceResult r = EvidenceResult.start(EvidenceSection.FAILURE_INJECTION, "blackhole", getClass())) {
 *   ... inject, observe, assert ...
 *   r.measured("ghosts_detected", 1).check("gap_zero", gap == 0);
 *   r.pass();
 * }
 * </pre>
 *
 * A run that never reached {@link #pass()} (an assertion threw) is written with {@code status: fail}, so a failed case
 * is evidence too and never looks like a pass. Measured values are what was observed, never a target.
 */
public final class EvidenceResult implements AutoCloseable {

  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");
  /** One id for every case run by this JVM (a test run, a command): the bundle says which run measured what. */
  private static final String JVM_RUN_ID = UUID.randomUUID().toString();

  private final Path directory;
  private final EvidenceSection section;
  private final String name;
  private final String source;
  private final Clock clock;
  private final Instant startedAt;
  private final ObjectNode measured = MAPPER.createObjectNode();
  private final ObjectNode checks = MAPPER.createObjectNode();
  private boolean passed;
  private boolean closed;

  private EvidenceResult(Path directory, EvidenceSection section, String name, String source, Clock clock) {
    if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("case name must match " + NAME + ": " + name);
    this.directory = directory;
    this.section = section;
    this.name = name;
    this.source = source;
    this.clock = clock;
    this.startedAt = clock.instant();
  }

  /** A run whose result goes to the configured evidence directory (see {@link EvidenceDirectory}) or the default home's. */
  public static EvidenceResult start(EvidenceSection section, String name, Class<?> source) {
    Path home = Path.of(System.getenv().getOrDefault("SYMPHONY_HOME", System.getProperty("user.home") + "/.symphony"));
    return start(EvidenceDirectory.resolve(home), section, name, source.getName());
  }

  public static EvidenceResult start(Path directory, EvidenceSection section, String name, String source) {
    return new EvidenceResult(directory, section, name, source, Clock.systemUTC());
  }

  public EvidenceResult measured(String key, long value) {
    measured.put(key, value);
    return this;
  }

  public EvidenceResult measured(String key, double value) {
    measured.put(key, value);
    return this;
  }

  public EvidenceResult measured(String key, boolean value) {
    measured.put(key, value);
    return this;
  }

  public EvidenceResult measured(String key, String value) {
    measured.put(key, value);
    return this;
  }

  public EvidenceResult measured(String key, JsonNode value) {
    measured.set(key, value);
    return this;
  }

  /** A named check of the run (an invariant, a bound) and whether it held; any false check makes the run fail. */
  public EvidenceResult check(String key, boolean held) {
    checks.put(key, held);
    return this;
  }

  /** Marks the run passed (call it after the assertions); the status is still fail if a recorded check did not hold. */
  public void pass() {
    passed = true;
  }

  public static String runId() {
    String configured = System.getProperty("symphony.evidence.run-id");
    if (configured == null || configured.isBlank()) configured = System.getenv("SYMPHONY_EVIDENCE_RUN_ID");
    return configured == null || configured.isBlank() ? JVM_RUN_ID : configured;
  }

  /** The file this run writes. */
  public Path file() {
    return directory.resolve(section.directory()).resolve(name + ".json");
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    boolean allHeld = true;
    for (JsonNode held : checks) allHeld &= held.asBoolean();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("name", name);
    root.put("section", section.directory());
    root.put("status", passed && allHeld ? "pass" : "fail");
    root.put("run_id", runId());
    root.put("source", source);
    root.put("started_at", startedAt.toString());
    root.put("finished_at", clock.instant().toString());
    root.set("checks", checks);
    root.set("measured", measured);
    write(file(), root);
  }

  /** Writes JSON atomically (a reader never sees half a file), indented: results, bundles. */
  public static void write(Path file, JsonNode json) {
    try {
      Files.createDirectories(Objects.requireNonNull(file.getParent()));
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      Files.write(tmp, MAPPER.writeValueAsBytes(json));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write evidence " + file, e);
    }
  }
}
