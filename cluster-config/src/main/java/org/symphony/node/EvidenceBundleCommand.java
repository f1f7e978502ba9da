package org.symphony.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.symphony.audit.checkpoint.CheckpointKeys;
import org.symphony.audit.checkpoint.SignedHeadFile;
import org.symphony.audit.evidence.BundleHash;
import org.symphony.audit.evidence.BundleInputs;
import org.symphony.audit.evidence.EvidenceBundle;
import org.symphony.audit.evidence.EvidenceDirectory;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSchema;
import org.symphony.audit.evidence.MeasuredRuns;
import org.symphony.audit.supervision.GapReport;
import org.symphony.audit.supervision.GapWindow;
import org.symphony.audit.verify.Cadence;
import org.symphony.audit.verify.ChainVerifier;
import org.symphony.audit.verify.ProgressListener;
import org.symphony.audit.verify.TrustedKeys;
import org.symphony.audit.verify.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code symphony evidence-bundle --out bundle.json}: the evidence bundle of a node, from its database (found like
 * gap-report: --home's dev.json, SYMPHONY_DB_URL or --db-url), the measured runs in the evidence directory and the
 * benchmark's results; validated against evidence-bundle.schema.json before it is written. Exit 0 when the bundle
 * passes, 1 when it fails (it is still written: the failure is the evidence), 2 for bad input or an unreachable
 * database, 3 when the bundle does not validate (a defect of this program). {@code --check FILE} verifies a bundle
 * offline: its schema and its hash.
 */
@Command(name = "evidence-bundle", mixinStandardHelpOptions = true,
    description = "Build the evidence bundle (JSON Schema 2020-12, evidence-bundle.schema.json) from the node's database, "
        + "the measured runs and the benchmark results, or --check a bundle's schema and hash.")
final class EvidenceBundleCommand implements Callable<Integer> {

  static final int PASS = 0;
  static final int FAIL = 1;
  static final int USAGE = 2;
  static final int INVALID = 3;

  @Mixin NodeDatabaseOptions database;

  @Option(names = "--out", description = "Where to write the bundle.")
  Path out;

  @Option(names = "--check", description = "Verify this bundle offline (schema and bundle_hash) instead of building one.")
  Path check;

  @Option(names = "--results", description = "The evidence directory with the measured runs (default: SYMPHONY_EVIDENCE_DIR, else <home>/evidence).")
  Path results;

  @Option(names = "--bench", description = "The benchmark's JSON (default: deploy/bench/results/full.json under --source).")
  Path bench;

  @Option(names = "--source", description = "The project's work tree: git provenance, test reports, docs (default: the current directory).")
  Path source = Path.of(".");

  @Option(names = "--test-reports", description = "Where to look for the build's surefire reports (default: --source).")
  Path testReports;

  @Option(names = "--environment", description = "sandbox, staging or production (default ${DEFAULT-VALUE}).")
  String environment = "sandbox";

  @Option(names = "--phase", description = "The governance phase; 7R requires its sections (default ${DEFAULT-VALUE}).")
  String phase = EvidenceBundle.PHASE_7R;

  @Option(names = "--require-complete", description = "Fail the bundle when a required failure-injection case, drill or the scenario has not run (the CI gate).")
  boolean requireComplete;

  @Option(names = "--build-status", description = "success or failure: the CI build's outcome so far (default: SYMPHONY_BUILD_STATUS)."
      + " The gate passes success: it runs after every other module's tests passed.")
  String buildStatus;

  @Override
  public Integer call() {
    if (check != null) return check(check);
    if (out == null) return usage("--out FILE (or --check FILE) is required");
    if (!List.of("sandbox", "staging", "production").contains(environment)) return usage("--environment must be sandbox, staging or production");
    if (buildStatus != null && !List.of("success", "failure").contains(buildStatus)) return usage("--build-status must be success or failure");
    Optional<String> unwritable = unwritable(out);
    if (unwritable.isPresent()) return usage(unwritable.get());
    Path nodeHome = database.home();
    DatabaseLocation location;
    try {
      location = database.location();
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    var ds = location.dataSource();
    try (Connection c = ds.getConnection()) {
      c.isValid(5);
    } catch (SQLException e) {
      return usage("cannot reach the database at " + location.url() + " (is the node running?): " + e.getMessage());
    }
    try {
      Config config = SymphonyNode.nodeConfig(NodeOptions.defaults(nodeHome), nodeHome);
      System.err.println("evidence-bundle: gap analysis…");
      GapReport gaps = GapReportCommand.analyse(location, nodeHome, new GapWindow(null, null, null), null, null);
      System.err.println("evidence-bundle: verifying the attestation chain…");
      VerificationReport chain = new ChainVerifier(ds, chainOptions(nodeHome, config)).verify(ProgressListener.printingTo(System.err));
      Path sourceTree = source.toAbsolutePath().normalize();
      Path resultsDir = results != null ? results : EvidenceDirectory.resolve(nodeHome);
      Path benchFile = bench != null ? bench : sourceTree.resolve("deploy/bench/results/full.json");
      String issuer = "Symphony node at " + DevCredentials.readPrevious(nodeHome.resolve("dev.json"))
          .map(j -> j.path("edge_url").asText(location.url())).orElse(location.url());
      ObjectNode bundle = EvidenceBundle.build(new BundleInputs(ds, gaps, chain, new MeasuredRuns(resultsDir), Optional.of(benchFile),
          sourceTree, testReports != null ? testReports.toAbsolutePath() : sourceTree, environment, phase, issuer, config.getInt("symphony.engine.instruction.max-dispatch-attempts"),
          config.getDuration("symphony.edge.token.ttl"), requireComplete, buildEnvironment(), Clock.systemUTC()));
      List<String> problems = EvidenceSchema.validate(bundle);
      EvidenceResult.write(out.toAbsolutePath(), bundle);
      if (!problems.isEmpty()) {
        System.err.println("evidence-bundle: the bundle does not validate against its schema (written for inspection to " + out + "): "
            + String.join("; ", problems));
        return INVALID;
      }
      summary(bundle);
      return "pass".equals(bundle.path("status").asText()) ? PASS : FAIL;
    } catch (Exception e) {
      return usage("could not build the bundle: " + oneLine(e));
    }
  }

  private java.util.Map<String, String> buildEnvironment() {
    var env = new java.util.HashMap<>(System.getenv());
    if (buildStatus != null) {
      env.put("SYMPHONY_BUILD_STATUS", buildStatus);
      // The gate is the build's last step: the build ends as the bundle is made.
      env.putIfAbsent("SYMPHONY_BUILD_FINISHED_AT", java.time.Instant.now().toString());
    }
    return env;
  }

  private static ChainVerifier.Options chainOptions(Path nodeHome, Config config) throws IOException {
    ChainVerifier.Options options = ChainVerifier.Options.DEFAULTS.withCadence(Cadence.fromConfig(config));
    Path keyFile = nodeHome.resolve("keys").resolve(CheckpointKeys.DEFAULT_FILE_NAME);
    if (Files.isRegularFile(keyFile)) options = options.withTrustedKeys(TrustedKeys.of(CheckpointKeys.load(keyFile).publicKey()));
    Path head = nodeHome.resolve(SignedHeadFile.DEFAULT_NAME);
    if (Files.isRegularFile(head)) options = options.withSignedHead(SignedHeadFile.read(head));
    return options;
  }

  private static void summary(JsonNode b) {
    JsonNode gap = b.path("attestation_gap");
    System.out.printf("evidence bundle %s: status %s%n", b.path("bundle_id").asText(), b.path("status").asText());
    if (!gap.isMissingNode())
      System.out.printf("attestation gap: ingress %d, terminal %d, gap %d (%s)%n", gap.path("ingress_count").asLong(),
          gap.path("terminal_events").asLong(), gap.path("gap").asLong(), gap.path("status").asText());
    b.path("invariants").fields().forEachRemaining(e -> System.out.printf("%-13s %s%n", e.getKey(), e.getValue().path("status").asText()));
    for (JsonNode reason : b.path("status_reasons")) System.out.println("FAIL: " + reason.asText());
    System.out.println("bundle_hash " + b.path("immutability").path("bundle_hash").asText());
  }

  private static int check(Path file) {
    JsonNode bundle;
    try {
      bundle = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      return usage("cannot read " + file + ": " + oneLine(e));
    }
    List<String> problems = EvidenceSchema.validate(bundle);
    boolean hashOk = BundleHash.matches(bundle);
    problems.forEach(p -> System.out.println("SCHEMA " + p));
    System.out.println(hashOk ? "bundle_hash matches the content" : "bundle_hash DOES NOT match the content: expected " + BundleHash.of(bundle));
    System.out.println("status " + bundle.path("status").asText());
    return problems.isEmpty() && hashOk ? PASS : FAIL;
  }

  /** Checked before any work: a run must not end unable to write what it measured. */
  static Optional<String> unwritable(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) return Optional.of("cannot write " + file + ": it is a directory");
    try {
      Files.createDirectories(parent);
    } catch (IOException | SecurityException e) {
      return Optional.of("cannot write " + file + ": cannot create " + parent);
    }
    if (!Files.isWritable(parent)) return Optional.of("cannot write " + file + ": " + parent + " is not writable");
    if (Files.exists(file) && !Files.isWritable(file)) return Optional.of("cannot write " + file + ": not writable");
    return Optional.empty();
  }

  private static int usage(String message) {
    System.err.println("evidence-bundle: " + message);
    return USAGE;
  }

  private static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String m = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    return m.replace('\n', ' ');
  }
}
