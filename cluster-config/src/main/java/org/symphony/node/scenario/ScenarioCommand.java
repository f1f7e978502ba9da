package org.symphony.node.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.symphony.audit.evidence.EvidenceDirectory;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code symphony scenario NAME}: a named, seeded, reproducible scenario against a running node, found with its
 * credentials through the node home's dev.json (or options). Progress on stderr, a summary on stdout, the results as
 * JSON in the evidence directory (and --out). Exit 0 when every check held, 1 when one did not or the run failed,
 * 2 for bad input; an error is one line, never a stack trace.
 */
@Command(name = "scenario", mixinStandardHelpOptions = true,
    description = "Run a named, seeded scenario against a running node (known: " + ScenarioPlanner.STANDARD + ")."
        + " Exit 0 when INV_ONCE, INV_TERMINAL and no_5xx hold, 1 otherwise, 2 for bad input.")
public final class ScenarioCommand implements Callable<Integer> {

  static final List<String> KNOWN = List.of(ScenarioPlanner.STANDARD);
  private static final String PREFIX = "symphony scenario: ";

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The scenario (known: " + ScenarioPlanner.STANDARD + ").")
  String name;

  @Option(names = "--instructions", defaultValue = "1000", description = "How many instructions (default ${DEFAULT-VALUE}).")
  int instructions;

  @Option(names = "--participants", defaultValue = "3", description = "Spread over this many of the node's participants (default ${DEFAULT-VALUE}).")
  int participants;

  @Option(names = "--faults", defaultValue = "standard", description = "standard (moderate simulator faults while submitting) or none.")
  String faults;

  @Option(names = "--seed", description = "Fixes every choice of the plan (default: a random one, printed).")
  Long seed;

  @Option(names = "--run-tag", description = "Names this run's Idempotency-Keys (letters and digits; default: from the clock).")
  String runTag;

  @Option(names = "--settle-timeout", description = "How long to wait for every accepted instruction to end (e.g. 5m, PT90S; default symphony.scenario.settle-timeout).")
  String settleTimeout;

  @Option(names = "--home", description = "Node home whose dev.json names the node and its credentials (default SYMPHONY_HOME, else ~/.symphony).")
  Path home;

  @Option(names = "--edge-url", description = "The node's edge, instead of dev.json's (then give --participant, --operator and --simulator).")
  String edgeUrl;

  @Option(names = "--participant", paramLabel = "ID:CLIENT_ID:SECRET", description = "A participant's credentials (repeatable; with --edge-url).")
  List<String> participantCredentials = new ArrayList<>();

  @Option(names = "--operator", paramLabel = "CLIENT_ID:SECRET", description = "An operator's credentials (with --edge-url).")
  String operatorCredentials;

  @Option(names = "--supervisor", paramLabel = "CLIENT_ID:SECRET",
      description = "A supervisor's credentials (with --edge-url), to find the incidents of UNKNOWN_OUTCOME instructions.")
  String supervisorCredentials;

  @Option(names = "--simulator", paramLabel = "RAIL=URL", description = "A rail simulator (mtn-momo, airtel-money, rtgs; repeatable; with --edge-url).")
  Map<String, String> simulators = new LinkedHashMap<>();

  @Option(names = "--out", description = "Also write the results here.")
  Path out;

  /** Picocli's own parse errors (an unknown option, a number that is not one) as one line, exit 2. */
  public static int usageError(CommandLine.ParameterException e, String[] args) {
    e.getCommandLine().getErr().println(PREFIX + ScenarioTarget.firstLine(e.getMessage()) + " (see symphony scenario --help)");
    e.getCommandLine().getErr().flush();
    return ScenarioFailure.USAGE;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return runScenario(err, spec.commandLine().getOut());
    } catch (ScenarioFailure f) {
      err.println(PREFIX + f.getMessage());
      return f.exitCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println(PREFIX + "interrupted");
      return ScenarioFailure.RUN;
    } catch (Exception | Error e) {
      err.println(PREFIX + "failed: " + ScenarioHttp.describe(e));
      return ScenarioFailure.RUN;
    } finally {
      err.flush();
    }
  }

  private int runScenario(PrintWriter err, PrintWriter stdout) throws Exception {
    // ---- everything that can be wrong with the input, before anything is sent -------------------------------
    if (name == null || !KNOWN.contains(name))
      throw ScenarioFailure.usage((name == null ? "no scenario named" : "unknown scenario '" + name + "'") + " (known: " + String.join(", ", KNOWN) + ")");
    Config config = ConfigFactory.load();
    ScenarioSettings settings = ScenarioSettings.fromConfig(config);
    StandardMix mix = StandardMix.fromConfig(config);
    if (instructions < 1 || instructions > settings.maxInstructions())
      throw ScenarioFailure.usage("--instructions must be 1.." + settings.maxInstructions() + ", not " + instructions);
    if (participants < 1 || participants > settings.maxParticipants())
      throw ScenarioFailure.usage("--participants must be 1.." + settings.maxParticipants() + ", not " + participants);
    FaultMode faultMode = FaultMode.parse(faults).orElseThrow(() -> ScenarioFailure.usage("--faults must be standard or none, not '" + faults + "'"));
    if (settleTimeout != null) settings = settings.withSettleTimeout(duration(settleTimeout));
    String tag = runTag != null ? runTag : Long.toString(System.currentTimeMillis(), 36);
    if (!tag.matches("[A-Za-z0-9]{1,40}")) throw ScenarioFailure.usage("--run-tag must be 1-40 letters or digits");
    if (out != null) requireWritable(out);
    Path nodeHome = home != null ? home : Path.of(System.getenv().getOrDefault("SYMPHONY_HOME", System.getProperty("user.home") + "/.symphony"));
    ScenarioTarget target = target(nodeHome);
    long chosenSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();

    // ---- the run -------------------------------------------------------------------------------------------
    ScenarioRunner runner = new ScenarioRunner(target, settings, err, ScenarioProgress.stderrIsTerminal());
    runner.probe();
    ScenarioPlan plan = ScenarioPlanner.standard(chosenSeed, instructions, target.participants().stream().map(ScenarioTarget.Client::subject).toList(),
        faultMode, tag, mix);
    err.printf("scenario %s: seed %d, run tag %s, %d instructions over %s (double taps %d, invalid %d, over limit %d), faults %s, node %s%n",
        plan.name(), plan.seed(), plan.runTag(), instructions, plan.participants(), plan.count(InstructionKind.DOUBLE_TAP),
        plan.count(InstructionKind.INVALID), plan.count(InstructionKind.OVER_LIMIT), plan.faults().toJson(), target.edgeUrl());
    err.flush();
    ScenarioResult result;
    Path written;
    try (EvidenceResult evidence = EvidenceResult.start(EvidenceDirectory.resolve(nodeHome), EvidenceSection.SCENARIO, plan.name(),
        ScenarioCommand.class.getName())) {
      evidence.measured("seed", plan.seed()).measured("run_tag", plan.runTag()).measured("instructions", (long) instructions);
      result = runner.run(plan);
      result.measured().fields().forEachRemaining(f -> evidence.measured(f.getKey(), f.getValue()));
      result.checks().forEach(evidence::check);
      evidence.pass();
      written = evidence.file();
    }
    if (out != null) Files.copy(written, out, StandardCopyOption.REPLACE_EXISTING);
    summary(stdout, result, written);
    return result.passed() ? 0 : ScenarioFailure.RUN;
  }

  private ScenarioTarget target(Path nodeHome) throws ScenarioFailure {
    ScenarioTarget target;
    String where;
    if (edgeUrl != null) {
      List<ScenarioTarget.Client> clients = new ArrayList<>();
      for (String p : participantCredentials) clients.add(ScenarioTarget.participant(p));
      if (operatorCredentials == null) throw ScenarioFailure.usage("--edge-url needs --operator (the scenario sets a single-payment cap)");
      ScenarioTarget.Client supervisor = supervisorCredentials == null ? null : ScenarioTarget.client("--supervisor", supervisorCredentials);
      target = new ScenarioTarget(edgeUrl, clients, ScenarioTarget.client("--operator", operatorCredentials), supervisor, simulators);
      where = "--participant";
    } else {
      target = ScenarioTarget.fromDevJson(nodeHome.resolve("dev.json"));
      where = nodeHome.resolve("dev.json").toString();
      if (target.operator() == null) throw ScenarioFailure.run(where + " names no operator");
    }
    for (String rail : Rails.ALL)
      if (!target.simulators().containsKey(rail))
        throw ScenarioFailure.usage("no " + rail + " simulator URL (" + (edgeUrl != null ? "--simulator " + rail + "=URL" : where) + "): the scenario reads the strike ledgers");
    if (!edgeUrl(target.edgeUrl())) throw ScenarioFailure.usage("not an http(s) URL: " + target.edgeUrl());
    return target.withParticipants(participants, where);
  }

  private static boolean edgeUrl(String url) {
    return url.startsWith("http://") || url.startsWith("https://");
  }

  /** Refused before anything runs: the results would be lost at the end of a long run. */
  private static void requireWritable(Path file) throws ScenarioFailure {
    Path absolute = file.toAbsolutePath();
    Path parent = absolute.getParent();
    if (Files.isDirectory(absolute)) throw ScenarioFailure.usage("--out " + file + " is a directory");
    if (parent == null || !Files.isDirectory(parent)) throw ScenarioFailure.usage("--out " + file + ": " + parent + " is not a directory");
    try {
      Files.delete(Files.createTempFile(parent, ".scenario-", ".tmp"));
    } catch (IOException | SecurityException e) {
      throw ScenarioFailure.usage("--out " + file + " is not writable (" + ScenarioHttp.describe(e) + ")");
    }
    if (Files.exists(absolute) && !Files.isWritable(absolute)) throw ScenarioFailure.usage("--out " + file + " is not writable");
  }

  /** "30s", "5m" as the configuration writes them, or ISO-8601 ("PT30S"). */
  private static Duration duration(String text) throws ScenarioFailure {
    try {
      Duration d = text.startsWith("P") || text.startsWith("p") ? Duration.parse(text)
          : ConfigFactory.parseString("d = \"" + text.replace("\"", "") + "\"").getDuration("d");
      if (d.isNegative() || d.isZero()) throw ScenarioFailure.usage("--settle-timeout must be positive, not " + text);
      return d;
    } catch (ConfigException | java.time.format.DateTimeParseException e) {
      throw ScenarioFailure.usage("--settle-timeout is not a duration: " + text);
    }
  }

  private static void summary(PrintWriter out, ScenarioResult result, Path written) {
    ObjectNode m = result.measured();
    out.printf("scenario %s seed %d: %d instructions, %d accepted (%d replayed duplicates), rejected %s%n", m.path("scenario").asText(),
        m.path("seed").asLong(), m.path("instructions").asLong(), m.path("accepted").asLong(), m.path("replayed_duplicates").asLong(),
        m.path("rejected_by_code"));
    out.printf("  http statuses %s, unanswered %d, retries %s%n", m.path("http_status_counts"), m.path("unanswered_requests").asLong(), m.path("retries"));
    out.printf("  final states %s, unknown outcome %d, not ended %d%n", m.path("final_states"), m.path("unknown_outcome").asLong(), m.path("not_ended").asLong());
    out.printf("  rail executions %s, accept latency ms %s, durations s %s%n", m.path("rail_executions"), m.path("accept_latency_ms"), m.path("durations_seconds"));
    out.printf("  accepted ids %s%n", m.path("accepted_ids"));
    out.printf("  checks %s: %s%n", result.checks(), result.passed() ? "PASS" : "FAIL");
    out.printf("  results %s%n", written);
    out.flush();
  }
}
