package org.symphony.node;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.symphony.audit.checkpoint.CheckpointKeys;
import org.symphony.audit.checkpoint.SignedHeadFile;
import org.symphony.audit.verify.Cadence;
import org.symphony.audit.verify.ChainVerification;
import org.symphony.audit.verify.ChainVerifier;
import org.symphony.audit.verify.ProgressListener;
import org.symphony.audit.verify.TrustedKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code symphony verify-chain}: recomputes every node's attestation chain and checks its signed checkpoints, the
 * checkpoint cadence and the signed head published outside the database (audit/CHAIN.md). Exit 0 intact, 1 broken
 * (first broken position printed per node), 2 not verifiable or a usage error.
 */
@Command(name = "verify-chain", mixinStandardHelpOptions = true,
    description = "Verify the ingress attestation hash chains, their signed checkpoints, the checkpoint cadence and "
        + "the signed chain heads the nodes published outside the database.")
final class VerifyChainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin NodeDatabaseOptions database;

  @Option(names = "--trust-key", description = "A checkpoint key to trust (repeatable): the full public key (PEM or base64 "
      + "of its X.509 encoding) or its SHA-256 fingerprint (64 hex digits, logged by the node at start). Keys stored in "
      + "the database are never trusted by themselves. Default: the key in the node home (keys/"
      + CheckpointKeys.DEFAULT_FILE_NAME + ").")
  List<String> trustedKeys = new ArrayList<>();

  @Option(names = "--head", description = "A signed chain head a node published (repeatable, one per node); the database "
      + "must hold at least that much. Default: the node home's " + SignedHeadFile.DEFAULT_NAME + ", if there is one.")
  List<Path> heads = new ArrayList<>();

  @Option(names = "--every-rows", description = "The nodes' checkpoint cadence in rows (default: the reference "
      + "configuration's symphony.audit.checkpoints.every-rows). Set it to what the nodes were configured with.")
  Long everyRows;

  @Option(names = "--every", description = "The nodes' checkpoint cadence in time, e.g. 60s (default: "
      + "symphony.audit.checkpoints.every).")
  String every;

  @Option(names = "--cadence-slack", description = "Allowance on --every for the signing timer, e.g. 15s (default: "
      + "symphony.audit.verify.cadence-slack).")
  String cadenceSlack;

  @Override
  public Integer call() {
    Path nodeHome = database.home();
    ChainVerifier.Options options = ChainVerifier.Options.DEFAULTS.withTrustedKeys(trusted(nodeHome)).withCadence(cadence());
    List<Path> headFiles = new ArrayList<>(heads);
    Path homeHead = nodeHome.resolve(SignedHeadFile.DEFAULT_NAME);
    if (headFiles.isEmpty() && Files.isRegularFile(homeHead)) headFiles.add(homeHead);
    for (Path head : headFiles) {
      try {
        options = options.withSignedHead(SignedHeadFile.read(head));
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), "cannot read the signed head " + head + ": " + e.getMessage());
      }
    }
    DatabaseLocation location = database.location();
    try (OfflineDatabase db = OfflineDatabase.open(location, nodeHome)) {
      return ChainVerification.run(db.dataSource(), System.out, ProgressListener.printingTo(System.err), options);
    } catch (RuntimeException e) { // the stopped node's database could not be started
      System.out.println("COULD NOT VERIFY: " + e.getMessage());
      return ChainVerification.COULD_NOT_VERIFY;
    }
  }

  private TrustedKeys trusted(Path nodeHome) {
    try {
      if (!trustedKeys.isEmpty()) return TrustedKeys.parse(trustedKeys);
      Path keyFile = nodeHome.resolve("keys").resolve(CheckpointKeys.DEFAULT_FILE_NAME);
      if (!Files.isRegularFile(keyFile)) {
        System.err.println("no --trust-key and no checkpoint key in " + nodeHome + ": no checkpoint can verify");
        return TrustedKeys.NONE;
      }
      return TrustedKeys.of(CheckpointKeys.load(keyFile).publicKey());
    } catch (IllegalArgumentException | IOException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private Cadence cadence() {
    Cadence reference = Cadence.fromConfig(ConfigFactory.defaultReference());
    try {
      return new Cadence(
          everyRows != null ? everyRows : reference.everyRows(),
          every != null ? duration(every) : reference.every(),
          cadenceSlack != null ? duration(cadenceSlack) : reference.slack());
    } catch (IllegalArgumentException | ConfigException e) {
      throw new ParameterException(spec.commandLine(), "invalid cadence: " + e.getMessage());
    }
  }

  /** A duration as the configuration writes them (60s, 2m, 500ms). */
  private static Duration duration(String text) {
    return ConfigFactory.parseString("d = \"" + text.replace("\"", "") + "\"").getDuration("d");
  }
}
